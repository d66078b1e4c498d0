import { describe, expect, it } from 'vitest';
import { startApp } from '../support/browserHarness';
import { expectNoProblems, goTo, useBrowser } from './helpers';

describe('first run', () => {
  const browser = useBrowser();

  it('welcomes an empty workspace, loads the demo as a job and shows the groups', async () => {
    const app = await startApp(browser());
    const { page } = app;
    try {
      await page.getByRole('heading', { name: '欢迎使用群管工作台' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.title()).toBe('群管工作台');
      await page.getByTestId('start-import').waitFor();
      await app.screenshot('first-run-empty');

      await page.getByTestId('load-demo').click();
      // The job shows on the home screen and in the header while it runs.
      const card = page.getByTestId('demo-card').getByTestId('job-card');
      await card.waitFor();
      expect(await card.getByText('载入演示工作区').count()).toBe(1);
      await page
        .getByTestId('jobs-indicator')
        .getByText(/个任务进行中/)
        .waitFor();
      await app.screenshot('first-run-demo-running');

      // When it ends, the overview replaces the welcome and a notification says so.
      await page.getByTestId('stat-groups').filter({ hasText: '3' }).waitFor({ timeout: 50_000 });
      await page.getByText('「载入演示工作区」已完成').waitFor();
      const jobs = app.backend.jobs.list();
      expect(jobs[0]?.status).toBe('done');
      const members = Number((await page.getByTestId('stat-members').textContent())?.replace(/\D/g, ''));
      expect(members).toBeGreaterThan(1500);
      // The group cards come from their own channel and may render just after the stats.
      await expect.poll(() => page.getByTestId('home-group-card').count()).toBe(3);
      await app.screenshot('first-run-overview');

      await goTo(page, '/groups');
      const rows = page.getByTestId('group-row');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(3);
      const table = page.getByTestId('groups-table');
      for (const label of ['服务型', '活动型', '内容型']) {
        expect(await table.getByText(label, { exact: true }).count()).toBe(1);
      }
      await app.screenshot('first-run-groups');
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });
});
