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

  it('queues imports behind the first, lists the next few and cancels one or all of the rest', async () => {
    const files = makeTempDir('qundesk-queued-imports-');
    const big = join(files.dir, '大群_utf8.csv');
    await writeMemotraceCsv(big, generateChat({ seed: 7, count: 150_000 }));
    const small: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      small.push(join(files.dir, `小群${index + 1}_utf8.csv`));
      await writeMemotraceCsv(small[index]!, generateChat({ seed: 8 + index, count: 100 }));
    }
    const app = await startApp(browser());
    const { page, backend } = app;
    try {
      const first = backend.jobs.start('import.file', { path: big }, 'local');
      const waiting = small.map((path) => backend.jobs.start('import.file', { path }, 'local'));
      const indicator = page.getByTestId('jobs-indicator');
      await indicator.getByText('7 个任务进行中').waitFor();
      await indicator.click();
      const popover = page.getByTestId('jobs-popover');
      const queuedCards = popover.getByTestId('job-card').filter({ hasText: '等前面的任务完成后开始' });
      // The running import first, then the next three in the order they will run, then a count of the rest.
      await popover.getByTestId('jobs-more-queued').getByText('另有 3 个任务排队中').waitFor();
      expect(await queuedCards.count()).toBe(3);
      expect(backend.jobs.get(first)?.status).toBe('running');
      const firstCard = popover.getByTestId('job-card').first();
      expect(await firstCard.getByTestId('job-status').textContent()).toBe('进行中');
      expect(await firstCard.getByTestId('job-detail').textContent()).toBe('大群_utf8.csv');
      const queued = queuedCards.first();
      expect(await queued.getByTestId('job-status').textContent()).toBe('排队中');
      expect(await queued.getByTestId('job-detail').textContent()).toBe('小群1_utf8.csv');
      // A queued job has nothing to measure yet: no progress bar, no counts, no ETA.
      expect(await queued.getByTestId('job-eta').count()).toBe(0);
      // Past the popover's opening transition.
      await page.waitForTimeout(300);
      await app.screenshot('jobs-queued');

      // One out of the queue: the next in line is the second file.
      await queued.getByTestId('job-cancel').click();
      expect((await backend.jobs.wait(waiting[0]!)).status).toBe('cancelled');
      await popover.getByText('另有 2 个任务排队中').waitFor();
      expect(await queuedCards.first().getByTestId('job-detail').textContent()).toBe('小群2_utf8.csv');
      // Then all the others at once; the running import goes on.
      await popover.getByTestId('jobs-cancel-queued').getByText('取消排队的 5 个任务').click();
      for (const id of waiting) expect((await backend.jobs.wait(id)).status).toBe('cancelled');
      expect(backend.jobs.get(first)?.status).toBe('running');
      await indicator.getByText('1 个任务进行中').waitFor();
      // Taken out of the queue before they started: no notice for each of them.
      expect(await page.getByText('「导入聊天记录」已取消').count()).toBe(0);
      backend.jobs.cancel(first);
      expect((await backend.jobs.wait(first)).status).toBe('cancelled');
      // None of the queued imports ever started: only the first one is in the history.
      const imports = backend.workspace.db.prepare('SELECT file_name FROM imports').pluck().all();
      expect(imports).toEqual(['大群_utf8.csv']);
      expectNoProblems(app);
    } finally {
      await app.close();
      files.remove();
    }
  });
});
