import { describe, expect, it } from 'vitest';
import { startApp } from '../support/browserHarness';
import { expectNoProblems, useBrowser } from './helpers';

describe('jobs', () => {
  const browser = useBrowser();

  it('shows a running job with done/total and an ETA in Chinese, and cancels it', async () => {
    const app = await startApp(browser());
    const { page, backend } = app;
    try {
      await page.getByTestId('load-demo').click();
      const indicator = page.getByTestId('jobs-indicator');
      await indicator.getByText('1 个任务进行中').waitFor();
      await indicator.click();
      const popover = page.getByTestId('jobs-popover');
      const card = popover.getByTestId('job-card');
      // Counts like "12,000 / 94,682 · 12%" and an ETA like "约剩 8 秒" once the rate is known.
      await card
        .getByTestId('job-counts')
        .filter({ hasText: /^[\d,]+ \/ [\d,]+ · \d+%$/ })
        .waitFor({ timeout: 20_000 });
      await card
        .getByTestId('job-eta')
        .filter({ hasText: /^约剩 \d+ (秒|分钟)$/ })
        .waitFor({ timeout: 20_000 });
      await app.screenshot('jobs-running');

      await card.getByTestId('job-cancel').click();
      await page.getByText('「载入演示工作区」已取消').waitFor({ timeout: 20_000 });
      await indicator.getByText('1 个任务进行中').waitFor({ state: 'detached' });
      const [job] = backend.jobs.list();
      expect(job?.status).toBe('cancelled');
      expect(job!.done).toBeLessThan(job!.total);
      await app.screenshot('jobs-cancelled');

      // The popover now lists the job under recent ones, with its status.
      await page.getByTestId('jobs-indicator').click();
      await page.getByTestId('jobs-popover').getByText('已取消').first().waitFor();
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });
});
