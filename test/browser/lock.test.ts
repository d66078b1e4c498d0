import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createOperator, updateLockSettings } from '../../electron/main/services/operators';
import { createGroup } from '../../electron/main/services/groups';
import { screenshotDir, startApp } from '../support/browserHarness';
import { expectNoProblems, goTo, loadSmallDemo, useBrowser } from './helpers';

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

/**
 * The text of each page of a PDF, NFKC-normalised: Chromium's fonts map some CJK characters to their radical
 * forms (⽇ for 日), which NFKC folds back.
 */
async function pdfPageTexts(bytes: Buffer): Promise<string[]> {
  const loading = getDocument({ data: new Uint8Array(bytes) });
  const document = await loading.promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join('')
        .normalize('NFKC'),
    );
  }
  await loading.destroy();
  return pages;
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
      // The export watermark is off until switched on here.
      const watermark = section.getByTestId('watermark-switch');
      expect(await watermark.isChecked()).toBe(false);
      // A controlled switch: it turns on once the backend has saved the setting. The click goes to the switch's
      // visible body (the input itself is hidden under it), once the dialog's fade-out cannot take it.
      await dialog.waitFor({ state: 'hidden' });
      await watermark.locator('xpath=..').click();
      await expect.poll(() => watermark.isChecked()).toBe(true);
      await watermark.scrollIntoViewIfNeeded();
      await page.mouse.move(640, 60);
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
      expect(lines[0]).toMatch(/^导出人 王群主 · \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} · QunDesk$/);
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

  it('keeps an observer read-only and stamps the printed health report with the watermark', async () => {
    const app = await startApp(browser(), {
      prepare: async (backend) => {
        await loadSmallDemo(backend);
        await createOperator(backend.context, { name: '王群主', role: 'owner', passphrase: '早上好123' });
        await createOperator(backend.context, {
          name: '观察员小李',
          role: 'observer',
          passphrase: 'xiaoli-pass',
        });
        updateLockSettings(backend.context, { watermarkExports: true });
      },
    });
    const { page } = app;
    try {
      await page.getByTestId('lock-screen').waitFor();
      await unlock(page, '观察员小李', 'xiaoli-pass');
      await page.getByTestId('read-only-badge').filter({ hasText: '只读' }).waitFor();

      // Create, edit and delete are out of reach on screen, and the API refuses them anyway.
      await goTo(page, '/groups');
      await page.getByTestId('group-row').first().waitFor();
      expect(await page.getByTestId('new-group').isDisabled()).toBe(true);
      expect(await page.getByTestId('edit-group').count()).toBe(0);
      expect(await page.getByTestId('delete-group').count()).toBe(0);
      await page.getByTestId('screen-groups').getByTestId('not-permitted').hover();
      await page.getByText('需要「编辑日常数据」权限').waitFor();
      await app.screenshot('groups-read-only-zh-light');
      const refused = await page.evaluate(
        "window.api.groups.create({ name: '观察员的群', type: 'service' })",
      );
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      // A member's profile: every action stays in place but disabled (tooltip says why), and the API refuses it.
      const listed = (await page.evaluate('window.api.members.list({ limit: 100 })')) as {
        value: { rows: { id: number; phone: string | null; wxid: string | null }[] };
      };
      // One with contacts, so the (masked) contact card offers the reveal button.
      const memberId = listed.value.rows.find((row) => row.phone !== null || row.wxid !== null)!.id;
      await goTo(page, `/members/${memberId}`);
      await page.getByTestId('profile-name').waitFor();
      for (const button of ['edit-profile', 'add-tag', 'manage-fields', 'add-note', 'reveal-contacts'])
        expect(await page.getByTestId(button).isDisabled(), button).toBe(true);
      await page.getByTestId('profile-menu').click();
      expect(await page.getByTestId('menu-blacklist').isDisabled()).toBe(true);
      expect(await page.getByTestId('menu-forget').isDisabled()).toBe(true);
      await page.keyboard.press('Escape');
      await page.getByTestId('member-profile').getByTestId('not-permitted').first().hover();
      await page.getByText('需要「编辑日常数据」权限').waitFor();
      await app.screenshot('members-profile-observer-zh-light');
      for (const [tab, button] of [
        ['points', 'points-submit'],
        ['violations', 'add-violation'],
        ['identities', 'identity-add'],
      ] as const) {
        await page.getByTestId(`profile-tab-${tab}`).click();
        expect(await page.getByTestId(button).isDisabled(), button).toBe(true);
      }
      expect(await page.getByTestId('blacklist-open').isDisabled()).toBe(true);
      await app.screenshot('members-identities-observer-zh-light');
      const edited = await page.evaluate(
        `window.api.members.update({ id: ${memberId}, patch: { remark: '观察员改的' } })`,
      );
      expect(edited).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      // Dashboard exports name members: an observer gets neither the chart menus nor the printed report.
      await goTo(page, '/health');
      await page.getByTestId('health-card').first().waitFor();
      expect(await page.getByTestId('health-report').isDisabled()).toBe(true);
      expect(await page.locator('[data-testid^="export-"]').count()).toBe(0);
      const recorded = await page.evaluate(
        "window.api.audit.recordExport({ kind: 'health-report', name: 'report' })",
      );
      expect(recorded).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      // The owner's printed report ("Save as PDF") carries the stamp on its pages.
      await page.getByTestId('lock-now').click();
      await unlock(page, '王群主', '早上好123');
      await page.getByTestId('health-card').first().waitFor();
      await page.evaluate(() => {
        (globalThis as unknown as { print: () => void }).print = () => {};
      });
      await page.getByTestId('health-report').click();
      const report = page.getByTestId('health-print');
      await report.waitFor({ state: 'attached' });
      const stamp = /^导出人 王群主 · \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} · QunDesk$/;
      expect(await report.getByTestId('print-watermark').textContent()).toMatch(stamp);
      await page.emulateMedia({ media: 'print' });
      await expect.poll(() => report.isVisible()).toBe(true);
      await app.screenshot('health-report-watermark');
      const path = join(screenshotDir, 'health-report-watermark.pdf');
      await page.pdf({ path, format: 'A4' });
      const pages = await pdfPageTexts(readFileSync(path));
      expect(pages.length).toBeGreaterThan(1);
      for (const text of pages) expect(text).toMatch(/导出人 王群主 · [\d\- :]+ · QunDesk/);
      await page.emulateMedia({ media: 'screen' });
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });
});
