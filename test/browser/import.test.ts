import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/main/backend';
import { insertGroup } from '../../electron/main/db/repositories/groups';
import {
  finishImport,
  insertImport,
  prepareProgressUpdate,
  prepareRejectionInsert,
} from '../../electron/main/db/repositories/imports';
import { startApp } from '../support/browserHarness';
import { expectNoProblems, goTo, shownTotal, useBrowser } from './helpers';

const fixture = fileURLToPath(new URL('../fixtures/chatlogs/memotrace/读书会三群_utf8.csv', import.meta.url));
/** A chatlog (sjzar) text export of one day: its lines carry times without a date. */
const oneDayText = fileURLToPath(new URL('../fixtures/chatlogs/chatlog/读书会三群-day.txt', import.meta.url));

describe('import screen', () => {
  const browser = useBrowser();

  it('previews a pasted path, imports it, shows it in the history and the messages, and re-imports as duplicates', async () => {
    const app = await startApp(browser());
    const { page } = app;
    try {
      await page.getByTestId('start-import').click();
      await page.getByRole('heading', { name: '导入聊天记录' }).waitFor();

      // Browser mode has no file dialog, so choosing files offers a path field instead.
      await page.getByTestId('pick-files').click();
      await page.getByTestId('import-path').fill(fixture);
      await page.getByTestId('add-path').click();

      const card = page.getByTestId('import-preview');
      await card
        .getByTestId('preview-format')
        .filter({ hasText: '留痕 MemoTrace CSV' })
        .waitFor({ timeout: 20_000 });
      const previewed = Number(
        (await card.getByTestId('preview-messages').textContent())?.replace(/\D/g, ''),
      );
      expect(previewed).toBeGreaterThan(0);
      expect(
        Number((await card.getByTestId('preview-senders').textContent())?.replace(/\D/g, '')),
      ).toBeGreaterThan(0);
      expect(await card.getByTestId('preview-rows').locator('tbody tr').count()).toBeGreaterThan(0);
      await app.screenshot('import-preview');

      await page.getByTestId('start-import-files').first().click();
      const firstRow = page.getByTestId('import-row').first();
      await page
        .locator('[data-testid="import-row"][data-status="done"]')
        .first()
        .waitFor({ timeout: 60_000 });
      const inserted = Number(
        (await firstRow.getByTestId('import-inserted').textContent())?.replace(/\D/g, ''),
      );
      expect(inserted).toBeGreaterThan(0);
      expect(inserted).toBeLessThanOrEqual(previewed);
      expect(await firstRow.getByText('读书会三群_utf8.csv').count()).toBe(1);
      await app.screenshot('import-history');

      // The job card counts the messages the import stored.
      await page.getByTestId('jobs-indicator').click();
      await page
        .getByTestId('jobs-popover')
        .getByTestId('job-imported')
        .filter({ hasText: `已导入 ${inserted.toLocaleString('zh-CN')} 条` })
        .first()
        .waitFor();
      await page.getByTestId('jobs-indicator').click();
      await page.getByTestId('jobs-popover').waitFor({ state: 'hidden' });

      await goTo(page, '/messages');
      expect(await shownTotal(page)).toBe(inserted);
      await page.getByTestId('message-item').first().waitFor();

      // The same file again: the preview warns, and the import adds nothing new.
      await goTo(page, '/import');
      await page.getByTestId('pick-files').click();
      await page.getByTestId('import-path').fill(fixture);
      await page.getByTestId('add-path').click();
      await page.getByTestId('preview-previous').waitFor({ timeout: 20_000 });
      await page.getByTestId('start-import-files').first().click();
      await page
        .locator('[data-testid="import-row"][data-status="done"]')
        .nth(1)
        .waitFor({ timeout: 60_000 });
      const rows = page.getByTestId('import-row');
      expect(await rows.count()).toBe(2);
      const newest = rows.first();
      expect(await newest.getByTestId('import-inserted').textContent()).toBe('0');
      expect(Number((await newest.getByTestId('import-duplicates').textContent())?.replace(/\D/g, ''))).toBe(
        inserted,
      );
      await app.screenshot('import-reimport');

      // A missing file is explained in Chinese on its card; a folder is accepted with a note.
      await page.getByTestId('import-path').fill(`${fixture}.missing`);
      await page.getByTestId('add-path').click();
      await page.getByTestId('preview-error').filter({ hasText: '找不到文件' }).waitFor({ timeout: 20_000 });
      await page.getByTestId('import-path').fill(dirname(fixture));
      await page.getByTestId('add-path').click();
      await page.getByTestId('preview-folder').waitFor({ timeout: 20_000 });
      await app.screenshot('import-errors');
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });

  it('asks for the date of a chatlog text export that has none, picked in the calendar', async () => {
    const app = await startApp(browser());
    const { page, backend } = app;
    try {
      await page.getByTestId('start-import').click();
      await page.getByTestId('pick-files').click();
      await page.getByTestId('import-path').fill(oneDayText);
      await page.getByTestId('add-path').click();
      const card = page.getByTestId('import-preview');
      await card.getByTestId('preview-error').filter({ hasText: '没有写日期' }).waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId('start-import-files').first().isDisabled()).toBe(true);

      // The 5th of this month, picked in the calendar the empty field opens at this month.
      const today = new Date();
      const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-05`;
      await card.getByTestId('option-date').click();
      await page
        .locator('[data-dates-dropdown]')
        .getByRole('button', { name: `${today.getFullYear()}年${today.getMonth() + 1}月5日`, exact: true })
        .click();
      expect(await card.getByTestId('option-date').inputValue()).toBe(day);
      const rows = card.getByTestId('preview-rows');
      await rows
        .locator('tbody tr')
        .first()
        .filter({ hasText: `${day} 20:00` })
        .waitFor({ timeout: 20_000 });
      await app.screenshot('import-chatlog-date');

      await page.getByTestId('start-import-files').first().click();
      await page
        .locator('[data-testid="import-row"][data-status="done"]')
        .first()
        .waitFor({ timeout: 60_000 });
      const first = backend.context.db.prepare('SELECT min(sent_at) FROM messages').pluck().get() as number;
      const stored = new Date(first);
      expect(stored.getDate()).toBe(5);
      expect(stored.getMonth()).toBe(today.getMonth());
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });

  it('takes dropped files: a path through the preload in Electron, an honest note in browser mode', async () => {
    const app = await startApp(browser());
    const { page } = app;
    try {
      await goTo(page, '/import');
      await page.getByRole('heading', { name: '导入聊天记录' }).waitFor();

      // Browser mode: the page never learns where a dropped file lives, so it says so and asks for the path.
      await dragFilesOver(page, ['读书会三群_utf8.csv']);
      await page.getByTestId('drop-overlay').waitFor();
      await app.screenshot('import-drop-overlay');
      await dropFiles(page, ['读书会三群_utf8.csv']);
      await page.getByTestId('drop-overlay').waitFor({ state: 'detached' });
      await page.getByTestId('drop-needs-path').filter({ hasText: '读书会三群_utf8.csv' }).waitFor();
      await page.getByTestId('import-path').waitFor();
      expect(await page.getByTestId('import-preview').count()).toBe(0);
      await app.screenshot('import-drop-browser');

      // Electron: the preload's pathForFile gives the dropped file's path (stubbed here with the fixture's).
      await page.evaluate(
        `window.api.pathForFile = (file) => (file.name === '读书会三群_utf8.csv' ? ${JSON.stringify(fixture)} : '')`,
      );
      await dropFiles(page, ['读书会三群_utf8.csv']);
      const card = page.getByTestId('import-preview');
      await card.getByTestId('preview-format').filter({ hasText: '留痕 MemoTrace CSV' }).waitFor();
      expect(await card.getByTestId('preview-file').textContent()).toBe('读书会三群_utf8.csv');
      const start = page.getByTestId('start-import-files').first();
      expect(await start.isEnabled()).toBe(true);

      // A file whose preview fails keeps the start button disabled until it is removed.
      await page.getByTestId('import-path').fill(`${fixture}.missing`);
      await page.getByTestId('add-path').click();
      await page.getByTestId('preview-error').waitFor({ timeout: 20_000 });
      await page.getByTestId('start-blocked').scrollIntoViewIfNeeded();
      expect(await start.isDisabled()).toBe(true);
      await app.screenshot('import-start-blocked');
      await page.getByTestId('import-preview').nth(1).getByRole('button', { name: '移除' }).click();
      await page.getByTestId('start-blocked').waitFor({ state: 'detached' });
      expect(await start.isEnabled()).toBe(true);
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });

  it('pages the import history and opens each import’s report with its rejected rows', async () => {
    const app = await startApp(browser(), { prepare: seedHistory });
    const { page, backend } = app;
    try {
      for (const [locale, colorScheme] of [
        ['zh-CN', 'light'],
        ['zh-CN', 'dark'],
        ['en', 'light'],
      ] as const) {
        backend.settings.update({ locale, colorScheme });
        await page.reload();
        await page
          .locator(`html[lang="${locale}"][data-mantine-color-scheme="${colorScheme}"]`)
          .waitFor({ state: 'attached' });
        await goTo(page, '/import');
        const rows = page.getByTestId('import-row');
        await rows.first().waitFor();
        expect(await rows.count()).toBe(10);
        // Newest first: page 1 holds imports 13..4, page 2 the three oldest.
        expect(await rows.first().textContent()).toContain('export-13.csv');
        const info = page.getByTestId('history-page-info');
        expect(await info.textContent()).toBe(locale === 'en' ? '1–10 of 13' : '第 1–10 条，共 13 条');
        await page.getByTestId('history-pager').getByRole('button', { name: '2' }).click();
        await rows.filter({ hasText: 'export-01.csv' }).waitFor();
        expect(await rows.count()).toBe(3);

        // The oldest import rejected rows: its report lists them with reasons in the UI language.
        await rows.filter({ hasText: 'export-01.csv' }).getByTestId('import-report-open').click();
        const report = page.getByRole('dialog');
        await report.getByTestId('report-counts').waitFor();
        expect(await report.getByTestId('report-read').textContent()).toBe('120');
        expect(await report.getByTestId('report-inserted').textContent()).toBe('100');
        expect(await report.getByTestId('report-duplicates').textContent()).toBe('12');
        expect(await report.getByTestId('report-skipped').textContent()).toBe('5');
        expect(await report.getByTestId('report-rejected').textContent()).toBe('3');
        const rejected = report.getByTestId('report-rejected-row');
        expect(await rejected.count()).toBe(3);
        expect(await rejected.first().textContent()).toContain(
          locale === 'en' ? 'Unreadable time: 2024-13-45' : '时间无法识别：2024-13-45',
        );
        await app.screenshot(`import-report-${locale}-${colorScheme}`);
        await page.keyboard.press('Escape');
        await report.waitFor({ state: 'detached' });

        // A failed import's report says why.
        await rows.filter({ hasText: 'export-02.csv' }).getByTestId('import-report-open').click();
        await page
          .getByRole('dialog')
          .getByText(locale === 'en' ? 'not a text file' : '这不是文本文件', { exact: false })
          .waitFor();
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
      }
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });
});

/** Thirteen finished imports: the oldest with rejected rows, the second oldest failed. */
function seedHistory(backend: Backend): void {
  const db = backend.context.db;
  const groupId = insertGroup(
    db,
    { name: '读书会三群', type: 'service', positioning: '', coreGoal: '', memberCap: 500 },
    0,
  );
  const progress = prepareProgressUpdate(db);
  const reject = prepareRejectionInsert(db);
  for (let n = 1; n <= 13; n += 1) {
    const at = Date.UTC(2024, 4, n, 12);
    const name = `export-${String(n).padStart(2, '0')}.csv`;
    const id = insertImport(db, {
      fileName: name,
      filePath: `/exports/${name}`,
      fileSize: 1000 + n,
      sha256: `${n}`.padStart(64, 'a'),
      format: 'memotrace-csv',
      encoding: 'utf-8',
      timeZone: '+08:00',
      startedAt: at,
    });
    db.prepare('UPDATE imports SET group_id = ? WHERE id = ?').run(groupId, id);
    if (n === 1) {
      progress(
        id,
        { read: 120, inserted: 100, duplicates: 12, skipped: 5, rejected: 3, bytesRead: 1001 },
        at,
      );
      for (const line of [7, 19, 40])
        reject(id, { line, reason: 'import.rows.badTime', params: { value: '2024-13-45' } });
    } else
      progress(id, { read: 10, inserted: 10, duplicates: 0, skipped: 0, rejected: 0, bytesRead: 1000 }, at);
    finishImport(db, id, {
      status: n === 2 ? 'failed' : 'done',
      finishedAt: at + 1000,
      ...(n === 2 ? { error: { code: 'BAD_FILE', key: 'import.errors.binary' } } : {}),
      details: {
        members: { created: 3, matchedById: 1, matchedByName: 2 },
        firstAt: at,
        lastAt: at,
        createdGroup: false,
      },
    });
  }
}

/** Playwright cannot drag OS files into a page: build them in the page and fire the drag events React listens to. */
async function fireDrag(page: Page, names: readonly string[], types: readonly string[]): Promise<void> {
  await page.evaluate(`(() => {
    const transfer = new DataTransfer();
    for (const name of ${JSON.stringify(names)}) transfer.items.add(new File(['x'], name, { type: 'text/csv' }));
    const zone = document.querySelector('[data-testid="import-drop-zone"]');
    for (const type of ${JSON.stringify(types)})
      zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
  })()`);
}

const dragFilesOver = (page: Page, names: readonly string[]) =>
  fireDrag(page, names, ['dragenter', 'dragover']);
const dropFiles = (page: Page, names: readonly string[]) =>
  fireDrag(page, names, ['dragenter', 'dragover', 'drop']);
