import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startApp } from '../support/browserHarness';
import { generateChat, writeMemotraceCsv } from '../support/exportWriters';
import { makeTempDir } from '../support/tempWorkspace';
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

  it('queues a second import behind the first and cancels it while it waits', async () => {
    const files = makeTempDir('qundesk-queued-imports-');
    const big = join(files.dir, '大群_utf8.csv');
    const small = join(files.dir, '小群_utf8.csv');
    await writeMemotraceCsv(big, generateChat({ seed: 7, count: 150_000 }));
    await writeMemotraceCsv(small, generateChat({ seed: 8, count: 100 }));
    const app = await startApp(browser());
    const { page, backend } = app;
    try {
      const first = backend.jobs.start('import.file', { path: big }, 'local');
      const second = backend.jobs.start('import.file', { path: small }, 'local');
      const indicator = page.getByTestId('jobs-indicator');
      await indicator.getByText('2 个任务进行中').waitFor();
      await indicator.click();
      const queued = page
        .getByTestId('jobs-popover')
        .getByTestId('job-card')
        .filter({ hasText: '等前面的任务完成后开始' });
      await queued.waitFor();
      expect(backend.jobs.get(first)?.status).toBe('running');
      // A queued job has nothing to measure yet: no progress bar, no counts, no ETA.
      expect(await queued.getByTestId('job-status').textContent()).toBe('排队中');
      expect(await queued.getByTestId('job-eta').count()).toBe(0);
      // Past the popover's opening transition.
      await page.waitForTimeout(300);
      await app.screenshot('jobs-queued');

      await queued.getByTestId('job-cancel').click();
      expect((await backend.jobs.wait(second)).status).toBe('cancelled');
      backend.jobs.cancel(first);
      expect((await backend.jobs.wait(first)).status).toBe('cancelled');
      // The queued import never started: only the first one is in the history.
      const imports = backend.workspace.db.prepare('SELECT file_name FROM imports').pluck().all();
      expect(imports).toEqual(['大群_utf8.csv']);
      expectNoProblems(app);
    } finally {
      await app.close();
      files.remove();
    }
  });
});
