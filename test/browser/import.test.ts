import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startApp } from '../support/browserHarness';
import { expectNoProblems, goTo, shownTotal, useBrowser } from './helpers';

const fixture = fileURLToPath(new URL('../fixtures/chatlogs/memotrace/读书会三群_utf8.csv', import.meta.url));

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
});
