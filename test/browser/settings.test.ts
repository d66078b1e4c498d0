import { describe, expect, it } from 'vitest';
import { startApp } from '../support/browserHarness';
import { expectNoProblems, goTo, useBrowser } from './helpers';

describe('settings, palette and shortcuts', () => {
  const browser = useBrowser();

  it('switches language and theme, keeps them after a reload, and shows the workspace', async () => {
    const app = await startApp(browser());
    const { page, backend } = app;
    const html = page.locator('html');
    try {
      await goTo(page, '/settings');
      await page.getByTestId('schema-version').waitFor();
      expect(await page.getByTestId('workspace-path').textContent()).toBe(backend.workspace.dir);
      expect(Number(await page.getByTestId('schema-version').textContent())).toBeGreaterThan(0);
      await app.screenshot('settings-zh-light');

      await page.getByTestId('theme-control').getByText('深色').click();
      await page.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' });
      await page.getByTestId('language-control').getByText('English').click();
      await page.getByRole('heading', { name: 'Settings' }).waitFor();
      expect(await html.getAttribute('lang')).toBe('en');
      expect(await page.getByTestId('nav-groups').textContent()).toContain('Groups');
      expect(backend.settings.get()).toMatchObject({ locale: 'en', colorScheme: 'dark' });
      await app.screenshot('settings-en-dark');

      await page.reload();
      await page.getByRole('heading', { name: 'Settings' }).waitFor();
      expect(await html.getAttribute('data-mantine-color-scheme')).toBe('dark');

      // Back to Chinese through the command palette, and to light with the keyboard.
      await page.keyboard.press('Control+K');
      await page.getByPlaceholder('Search or run a command…').fill('language');
      await app.screenshot('palette-en-dark');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: '设置' }).waitFor();
      expect(await html.getAttribute('lang')).toBe('zh-CN');
      await page.keyboard.press('Control+Shift+L');
      await page.locator('html[data-mantine-color-scheme="light"]').waitFor({ state: 'attached' });
      await expectSettled(() => backend.settings.get(), { locale: 'zh-CN', colorScheme: 'light' });
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });

  it('opens areas with Ctrl+number and actions from the palette', async () => {
    const app = await startApp(browser());
    const { page } = app;
    try {
      await page.getByRole('heading', { name: '欢迎使用群管工作台' }).waitFor();
      await page.keyboard.press('Control+3');
      await page.getByTestId('screen-members').getByText('还没有成员').waitFor();
      await page.keyboard.press('Control+4');
      await page.getByTestId('screen-messages').getByText('还没有聊天记录').waitFor();
      // Ctrl+1…9 cover the first nine areas; the activity log is reached from the sidebar.
      await page.getByTestId('nav-audit').click();
      await page.getByTestId('screen-audit').getByText('还没有操作记录').waitFor();
      await app.screenshot('audit-empty');

      await page.getByTestId('open-palette').click();
      await page.getByPlaceholder('搜索页面或执行命令…').fill('新建');
      await app.screenshot('palette-zh');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: '新建群组' }).getByLabel('群名称').waitFor();
      expect(page.url()).toContain('#/groups/new');
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });
});

/** Settings are saved a moment after the UI changed; waits for the stored value. */
async function expectSettled(read: () => unknown, expected: Record<string, unknown>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    try {
      expect(read()).toMatchObject(expected);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  expect(read()).toMatchObject(expected);
}
