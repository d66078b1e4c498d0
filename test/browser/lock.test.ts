import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createOperator } from '../../electron/main/services/operators';
import { createGroup } from '../../electron/main/services/groups';
import { startApp } from '../support/browserHarness';
import { expectNoProblems, goTo, useBrowser } from './helpers';

/** The lock screen and nothing else: no navigation, no screen, no workspace data in the page. */
async function expectOnlyLockScreen(page: Page, secrets: string[]): Promise<void> {
  await page.getByTestId('lock-screen').waitFor();
  // Toasts are cleared when the lock comes down (they may name files or people).
  await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached' });
  // Away from the header buttons, so no tooltip stays open in the screenshots.
  await page.mouse.move(640, 760);
  expect(await page.locator('nav').count()).toBe(0);
  expect(await page.locator('[data-testid^="screen-"]').count()).toBe(0);
  const text = (await page.locator('body').innerText()) ?? '';
  for (const secret of secrets) expect(text).not.toContain(secret);
}

async function unlock(page: Page, operator: string, passphrase: string): Promise<void> {
  const picker = page.getByTestId('lock-operator');
  if ((await picker.inputValue()) !== operator) {
    await picker.click();
    await page.getByRole('option', { name: operator }).click();
  }
  await page.getByTestId('lock-passphrase').fill(passphrase);
  await page.getByTestId('lock-unlock').click();
}

describe('operators and app lock', () => {
  const browser = useBrowser();

  it('creates the first operator, locks (button and Ctrl+L), unlocks, and filters and exports the audit log', async () => {
    const app = await startApp(browser(), {
      prepare: (backend) => {
        createGroup(backend.context, {
          name: '周末读书会',
          type: 'service',
          positioning: '',
          coreGoal: '',
          memberCap: 500,
        });
      },
    });
    const { page, backend } = app;
    try {
      await goTo(page, '/settings');
      const section = page.getByTestId('operators-section');
      await section.getByText('还没有操作员').waitFor();
      await section.getByTestId('create-first-operator').click();
      const dialog = page.getByTestId('operator-dialog');
      await dialog.getByTestId('operator-name').fill('王群主');
      await dialog.getByTestId('operator-passphrase').fill('早上好123');
      await dialog.getByTestId('operator-passphrase-confirm').fill('早上好123');
      await dialog.getByTestId('dialog-submit').click();
      await page.getByTestId('session-operator').filter({ hasText: '王群主' }).waitFor();
      await section.getByTestId('operator-row').filter({ hasText: '王群主' }).waitFor();

      // A second operator, an observer.
      await section.getByTestId('add-operator').click();
      await dialog.getByTestId('operator-name').fill('观察员小李');
      await dialog.getByTestId('operator-role').click();
      await page.getByRole('option', { name: '观察员' }).click();
      await dialog.getByTestId('operator-passphrase').fill('xiaoli-pass');
      await dialog.getByTestId('operator-passphrase-confirm').fill('xiaoli-pass');
      await dialog.getByTestId('dialog-submit').click();
      await section.getByTestId('operator-row').filter({ hasText: '观察员小李' }).waitFor();
      await section.getByTestId('operator-row').first().scrollIntoViewIfNeeded();
      await app.screenshot('operators-zh-light');

      // Lock with the header button: only the lock screen, and the API refuses data even to a hostile page.
      await page.getByTestId('lock-now').click();
      await expectOnlyLockScreen(page, ['周末读书会', backend.workspace.dir]);
      const refused = await page.evaluate('window.api.groups.list()');
      expect(refused).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      await app.screenshot('lock-zh-light');

      // The last operator to sign in is picked already.
      expect(await page.getByTestId('lock-operator').inputValue()).toBe('王群主');
      await unlock(page, '王群主', 'wrong-passphrase');
      await page.getByTestId('lock-error').filter({ hasText: '口令不正确' }).waitFor();
      await unlock(page, '王群主', '早上好123');
      await page.getByTestId('screen-settings').waitFor();

      // Ctrl+L locks from anywhere, even while typing.
      await goTo(page, '/groups');
      await page.getByText('周末读书会').first().waitFor();
      await page.keyboard.press('Control+L');
      await expectOnlyLockScreen(page, ['周末读书会']);
      await unlock(page, '王群主', '早上好123');
      await page.getByText('周末读书会').first().waitFor();

      // The audit viewer: filter by operator, then by action, and export what is shown.
      await goTo(page, '/audit');
      await page.getByTestId('audit-filters').waitFor();
      await page.getByTestId('audit-filter-operator').click();
      await page.getByRole('option', { name: '王群主' }).click();
      await page.getByTestId('audit-filter-action').click();
      await page.getByRole('option', { name: '登录', exact: true }).click();
      await page.getByTestId('row-total').filter({ hasText: '共 3 条' }).waitFor();
      const rows = page.getByTestId('audit-row');
      expect(await rows.count()).toBe(3); // after creating the operator, and twice on the lock screen
      for (const text of await rows.allInnerTexts()) expect(text).toContain('王群主');
      await app.screenshot('audit-filtered-zh-light');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('audit-export').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^操作日志-\d{8}-\d{6}\.csv$/);
      const csv = readFileSync(await download.path(), 'utf8');
      const lines = csv
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(csv.startsWith('\uFEFF')).toBe(true);
      expect(lines[0]).toContain('导出人 Exported by: 王群主');
      expect(lines[1]).toBe('时间,操作人,操作员编号,操作,对象,对象编号,详情');
      expect(lines.slice(2)).toHaveLength(3);
      for (const line of lines.slice(2)) expect(line).toMatch(/,王群主,\d+,登录,登录会话,/);
      // The export itself is in the log, by the same operator.
      await page.getByTestId('audit-filter-clear').click();
      await page.getByTestId('audit-row').first().filter({ hasText: '导出' }).waitFor();
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });

  it('starts locked once operators exist, in English and dark mode too', async () => {
    const app = await startApp(browser(), {
      colorScheme: 'dark',
      prepare: async (backend) => {
        backend.settings.update({ locale: 'en', colorScheme: 'dark' });
        await createOperator(backend.context, { name: 'Amy', role: 'owner', passphrase: 'amy-secret' });
        await createOperator(backend.context, { name: '管理员乙', role: 'admin', passphrase: 'second-pass' });
        createGroup(backend.context, {
          name: 'Book club',
          type: 'service',
          positioning: '',
          coreGoal: '',
          memberCap: 500,
        });
      },
    });
    const { page } = app;
    try {
      await expectOnlyLockScreen(page, ['Book club']);
      await page.getByText('Workstation locked').waitFor();
      await app.screenshot('lock-en-dark');
      // The lock screen's own switches: Chinese, then light.
      await page.getByTestId('lock-language').click();
      await page.getByText('工作台已锁定').waitFor();
      await app.screenshot('lock-zh-dark');
      await page.getByTestId('lock-language').click();
      await page.getByRole('button', { name: 'Toggle light/dark' }).click();
      await page.locator('html[data-mantine-color-scheme="light"]').waitFor({ state: 'attached' });
      await app.screenshot('lock-en-light');
      await page.getByRole('button', { name: 'Toggle light/dark' }).click();
      await page.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' });

      await unlock(page, 'Amy', 'amy-secret');
      await goTo(page, '/settings');
      const section = page.getByTestId('operators-section');
      await section.getByTestId('operator-row').filter({ hasText: 'Amy' }).waitFor();
      await section.scrollIntoViewIfNeeded();
      await app.screenshot('operators-en-dark');
      await goTo(page, '/audit');
      await page.getByTestId('audit-row').first().waitFor();
      await app.screenshot('audit-en-dark');
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });
});
