import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupWorkspace } from '../../electron/main/backup/backupRun';
import { Vault } from '../../electron/main/backup/vault';
import { insertGroup } from '../../electron/main/db/repositories/groups';
import { updateLockSettings } from '../../electron/main/services/operators';
import { workspaceDbFile } from '../../electron/main/services/workspacePaths';
import { screenshotDir, startApp, type AppUnderTest } from '../support/browserHarness';
import { overwriteIndexRoot } from '../support/damagedDatabase';
import { makeTempDir } from '../support/tempWorkspace';
import { expectNoProblems, goTo, loadSmallDemo, useBrowser } from './helpers';

const passphrase = '青山绿水 guard the archive 2024';
const recoveryKeyPattern = /^[A-Z0-9]{4}(-[A-Z0-9]{1,4})+$/;

async function closeUp(locator: Locator, name: string): Promise<void> {
  await locator.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** The little of the page's DOM these checks use (the test project compiles without the DOM types). */
interface PageBox {
  scrollWidth: number;
  clientWidth: number;
  scrollTo(x: number, y: number): void;
}
interface PageDocument {
  documentElement: PageBox;
  querySelector(selector: string): PageBox | null;
  getAnimations(): { playState: string; effect: { getTiming(): { iterations?: number } } | null }[];
}
const screenSelector = '[data-testid^="screen-"]';

/**
 * Before a screenshot: notifications closed, dialogs done fading in or out, the screen scrolled to the top (it
 * scrolls inside its own box, not the window).
 */
async function settle(page: Page, options: { scrollTop?: boolean } = {}): Promise<void> {
  for (const close of await page.locator('.mantine-Notification-closeButton').all()) {
    // A notification may be leaving on its own meanwhile.
    await close.click({ timeout: 1000 }).catch(() => undefined);
  }
  await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached' });
  if (options.scrollTop) {
    await page.evaluate((selector) => {
      const { document } = globalThis as unknown as { document: PageDocument };
      document.querySelector(selector)?.scrollTo(0, 0);
    }, screenSelector);
  }
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as { document: PageDocument };
    return document
      .getAnimations()
      .every(
        (animation) =>
          animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity,
      );
  });
}

/** No horizontal scrolling: neither the window nor the screen's own scroll box is wider than it shows. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate((selector) => {
    const { document } = globalThis as unknown as { document: PageDocument };
    const screen = document.querySelector(selector);
    return {
      window: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      screen: screen ? screen.scrollWidth - screen.clientWidth : -1,
    };
  }, screenSelector);
  expect(overflow).toEqual({ window: 0, screen: 0 });
}

describe('backup', () => {
  const browser = useBrowser();
  let app: AppUnderTest;
  let temp: { dir: string; remove(): void };
  const vaultDir = () => join(temp.dir, 'vault');
  const restoreDir = () => join(temp.dir, 'restored');

  beforeAll(async () => {
    temp = makeTempDir('qundesk-backup-ui-');
    app = await startApp(browser());
  });
  afterAll(async () => {
    await app?.close();
    temp?.remove();
  });

  async function setSettings(settings: { locale?: 'zh-CN' | 'en'; colorScheme?: 'light' | 'dark' }) {
    app.backend.settings.update(settings);
    app.backend.events.emit('data.changed', { entities: ['settings'] });
    if (settings.colorScheme) {
      await app.page
        .locator(`html[data-mantine-color-scheme="${settings.colorScheme}"]`)
        .waitFor({ state: 'attached' });
    }
    if (settings.locale)
      await app.page.locator(`html[lang="${settings.locale}"]`).waitFor({ state: 'attached' });
  }

  it('shows the red banner on a fresh workspace, on every screen', async () => {
    const { page } = app;
    const banner = page.getByTestId('backup-banner');
    await banner.getByText('还没有成功的备份，所有数据只存在这台电脑上').waitFor();
    expect(await banner.getAttribute('role')).toBe('alert');
    await app.screenshot('backup-banner-zh-light');
    await goTo(page, '/groups');
    await page.getByTestId('screen-groups').waitFor();
    expect(await banner.isVisible()).toBe(true);
    await setSettings({ colorScheme: 'dark' });
    await app.screenshot('backup-banner-zh-dark');
    await closeUp(banner, 'backup-banner-zh-dark-closeup');
    await setSettings({ colorScheme: 'light' });
    expectNoProblems(app);
  });

  it('adds an encrypted vault from the banner and shows the recovery key once', async () => {
    const { page } = app;
    await loadSmallDemo(app.backend);
    // With no vault yet, 立即备份 leads to adding one.
    await page.getByTestId('banner-backup-now').click();
    const form = page.getByTestId('create-vault').getByRole('dialog');
    await form.getByText('添加备份位置').first().waitFor();
    expect(page.url()).toContain('#/backup/new');
    expect(await page.getByTestId('nav-backup').textContent()).toContain('备份与恢复');

    // Checks before anything reaches the backend.
    const submit = form.getByTestId('create-vault-submit');
    await submit.click();
    await form.getByText('请填写备份文件夹的路径').waitFor();
    await form.getByTestId('vault-path').fill('backups');
    await form.getByTestId('passphrase').fill('short');
    await submit.click();
    await form.getByText('请填写完整路径：以盘符（如 E:\\）或 / 开头').waitFor();
    await form.getByText('备份密码至少需要 8 个字符').waitFor();
    expect(await form.getByTestId('passphrase-strength').getAttribute('data-level')).toBe('tooShort');

    await form.getByTestId('passphrase').fill(passphrase);
    expect(await form.getByTestId('passphrase-strength').getAttribute('data-level')).toBe('veryStrong');
    await form.getByTestId('passphrase-confirm').fill(`${passphrase}!`);
    await submit.click();
    await form.getByText('两次输入的密码不一致').waitFor();

    // The backend's own check of the folder shows under the path.
    const occupied = join(temp.dir, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'notes.txt'), 'something else lives here');
    await form.getByTestId('vault-path').fill(occupied);
    await form.getByTestId('passphrase-confirm').fill(passphrase);
    await submit.click();
    await form.getByText(`备份库需要一个空文件夹，请选择空文件夹或在其中新建子文件夹：${occupied}`).waitFor();
    await settle(page);
    await app.screenshot('backup-create-folder-error');

    // Turning encryption off needs the risk accepted explicitly.
    await form.getByTestId('vault-encrypt').click();
    await form.getByTestId('unencrypted-warning').waitFor();
    expect(await submit.isDisabled()).toBe(true);
    await settle(page);
    await app.screenshot('backup-create-unencrypted');
    await form.getByTestId('vault-encrypt').click();
    await form.getByTestId('vault-path').fill(vaultDir());
    await form.getByTestId('vault-label').fill('移动硬盘');
    await settle(page);
    await app.screenshot('backup-create-form');
    await submit.click();

    const recovery = page.getByTestId('recovery-key-dialog').getByRole('dialog');
    await recovery.getByText('恢复密钥只显示这一次').waitFor({ timeout: 20_000 });
    const key = ((await recovery.getByTestId('recovery-key').textContent()) ?? '').trim();
    expect(key).toMatch(recoveryKeyPattern);
    await form.waitFor({ state: 'detached' });
    await settle(page);
    await app.screenshot('backup-recovery-key-zh-light');
    // Escape does not dismiss it; 完成 waits for the user to say the key is saved.
    await page.keyboard.press('Escape');
    expect(await recovery.isVisible()).toBe(true);
    expect(await recovery.getByTestId('recovery-done').isDisabled()).toBe(true);
    await recovery.getByTestId('recovery-saved').click();
    await recovery.getByTestId('recovery-done').click();
    await recovery.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(key);

    const card = page.getByTestId('vault-card');
    await card.getByText('移动硬盘').waitFor();
    await card.getByText('已解锁').waitFor();
    await card.getByText('默认').waitFor();
    const [vault] = app.backend.backup.vaults();
    expect(vault).toMatchObject({ encrypted: true, isDefault: true, unlocked: true, path: vaultDir() });
    // The vault really opens with that recovery key.
    app.backend.backup.lock(vault!.id);
    await app.backend.backup.unlock({ vaultId: vault!.id, recoveryKey: key });
    expectNoProblems(app);
  });

  it('backs up now; the banner goes away and the snapshot is listed as verified', async () => {
    const { page } = app;
    await page.getByTestId('backup-now').click();
    const row = page.getByTestId('snapshot-row');
    await row.first().waitFor({ timeout: 30_000 });
    await page.getByText('「备份工作区」已完成').waitFor({ timeout: 30_000 });
    await page.getByTestId('backup-banner').waitFor({ state: 'detached' });
    expect(await row.count()).toBe(1);
    expect(await row.getByTestId('snapshot-verified').getAttribute('data-state')).toBe('ok');
    await row.getByText('手动').waitFor();
    const [snapshot] = (await app.backend.backup.snapshots(app.backend.backup.vaults()[0]!.id)).snapshots;
    expect(snapshot!.counts.members).toBeGreaterThan(0);
    await row.getByText(`${snapshot!.counts.members.toLocaleString('en-US')} 名成员`).waitFor();
    await row.getByText(`${snapshot!.counts.messages.toLocaleString('en-US')} 条消息`).waitFor();
    expect(app.backend.backup.status().stale).toBe(false);
    await settle(page, { scrollTop: true });
    await app.screenshot('backup-page-zh-light');
    await expectNoHorizontalOverflow(page);
    expectNoProblems(app);
  });

  it('verifies all snapshots and shows the report', async () => {
    const { page } = app;
    await page.getByTestId('verify-all').click();
    const report = page.getByTestId('backup-report').getByRole('dialog');
    await report.getByText('校验报告').waitFor({ timeout: 30_000 });
    await report.getByText('全部完好').waitFor();
    expect(await report.getByTestId('report-verdict').getAttribute('data-ok')).toBe('true');
    expect(await report.getByTestId('verify-snapshot').count()).toBe(1);
    await report.getByText('完整校验：重新读取并验证了每一个数据块').waitFor();
    expect(await report.getByTestId('verify-summary').textContent()).toMatch(/^校验了 [\d,]+ 个数据块/);
    await settle(page);
    await app.screenshot('backup-verify-report');
    await report.getByRole('button', { name: '关闭' }).click();
    await report.waitFor({ state: 'detached' });
    expectNoProblems(app);
  });

  it('restores into a new folder and reports integrity and counts', async () => {
    const { page } = app;
    await page.getByTestId('snapshot-row').first().getByTestId('restore-open').click();
    const dialog = page.getByTestId('restore-snapshot').getByRole('dialog');
    await dialog.getByText('恢复到新文件夹').waitFor();
    // Over the workspace needs its own confirmation, and says a safety snapshot comes first.
    await dialog.getByTestId('restore-target-workspace').click();
    await dialog.getByText(/恢复前的安全快照/).waitFor();
    expect(await dialog.getByTestId('restore-submit').isDisabled()).toBe(true);
    await settle(page);
    await app.screenshot('backup-restore-overwrite');
    await dialog.getByTestId('restore-target-folder').click();
    await dialog.getByTestId('restore-path').fill('restored');
    await dialog.getByTestId('restore-submit').click();
    await dialog.getByText('请填写完整路径：以盘符（如 E:\\）或 / 开头').waitFor();
    await dialog.getByTestId('restore-path').fill(restoreDir());
    await dialog.getByTestId('restore-submit').click();

    const report = page.getByTestId('backup-report').getByRole('dialog');
    await report.getByText('恢复报告').waitFor({ timeout: 30_000 });
    await report.getByText('恢复完成').waitFor();
    expect(await report.getByTestId('restore-integrity').textContent()).toBe('通过');
    expect(await report.getByTestId('restore-counts').textContent()).toBe('与快照清单一致');
    expect(await report.getByText(restoreDir()).count()).toBe(1);
    expect(existsSync(workspaceDbFile(restoreDir()))).toBe(true);
    await settle(page);
    await app.screenshot('backup-restore-report');
    await report.getByRole('button', { name: '关闭' }).click();
    await report.waitFor({ state: 'detached' });
    expectNoProblems(app);
  });

  it('names the damaged object and the file it affects', async () => {
    const { page } = app;
    // One flipped byte in the middle of a stored object.
    const objectsDir = join(vaultDir(), 'objects');
    const victim = readdirSync(objectsDir, { recursive: true, withFileTypes: true }).find((entry) =>
      entry.isFile(),
    );
    expect(victim).toBeDefined();
    const file = join(victim!.parentPath, victim!.name);
    const bytes = readFileSync(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(file, bytes);

    await page.getByTestId('snapshot-row').first().getByTestId('verify-snapshot').click();
    const report = page.getByTestId('backup-report').getByRole('dialog');
    await report.getByText('发现问题').waitFor({ timeout: 30_000 });
    expect(await report.getByTestId('report-verdict').getAttribute('data-ok')).toBe('false');
    await report.getByText('损坏的数据块', { exact: true }).waitFor();
    await report.getByText(victim!.name, { exact: false }).first().waitFor();
    await report.getByText('受影响的文件', { exact: true }).waitFor();
    await report.getByText(/已移到隔离区/).waitFor();
    await settle(page);
    await app.screenshot('backup-verify-damaged');
    await report.getByRole('button', { name: '关闭' }).click();
    await report.waitFor({ state: 'detached' });
    const row = page.getByTestId('snapshot-row').first();
    await row.locator('[data-testid="snapshot-verified"][data-state="bad"]').waitFor();
    expectNoProblems(app);
  });

  it('refuses a wrong passphrase with a Chinese message, then unlocks', async () => {
    const { page } = app;
    const card = page.getByTestId('vault-card');
    await card.getByTestId('vault-lock').click();
    await card.getByText('已锁定').waitFor();
    await page.getByTestId('snapshots-unavailable').getByText('备份库已锁定').waitFor();
    await card.getByTestId('vault-unlock').click();
    const dialog = page.getByTestId('unlock-vault').getByRole('dialog');
    await dialog.getByTestId('unlock-passphrase').fill('not the passphrase');
    await dialog.getByTestId('unlock-submit').click();
    await dialog.getByText('备份密码不正确').waitFor({ timeout: 20_000 });
    await settle(page);
    await app.screenshot('backup-unlock-wrong');
    await dialog.getByTestId('unlock-passphrase').fill(passphrase);
    await dialog.getByTestId('unlock-submit').click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    await card.getByText('已解锁').waitFor();
    await page.getByTestId('snapshot-row').first().waitFor();
    expectNoProblems(app);
  });

  it('previews a prune before deleting, and saves the settings', async () => {
    const { page } = app;
    await page.getByTestId('backup-now').click();
    await page.getByTestId('snapshot-row').nth(1).waitFor({ timeout: 30_000 });
    await page.getByTestId('prune-open').click();
    const dialog = page.getByTestId('prune-snapshots').getByRole('dialog');
    expect(await dialog.getByTestId('prune-confirm').isDisabled()).toBe(true);
    await dialog.getByTestId('prune-keepDaily').fill('1');
    await dialog.getByTestId('prune-keepWeekly').fill('0');
    await dialog.getByTestId('prune-keepMonthly').fill('0');
    await dialog.getByTestId('prune-preview-button').click();
    await dialog.getByTestId('prune-preview').getByText('删除 1 个').waitFor();
    expect(await dialog.locator('[data-testid="prune-row"][data-removed="true"]').count()).toBe(1);
    // The preview deleted nothing.
    const vaultId = app.backend.backup.vaults()[0]!.id;
    expect((await app.backend.backup.snapshots(vaultId)).snapshots).toHaveLength(2);
    await settle(page);
    await app.screenshot('backup-prune-preview');
    await dialog.getByTestId('prune-confirm').click();
    await page.getByText(/^已删除 1 个快照/).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('snapshot-row').nth(1).waitFor({ state: 'detached' });
    expect((await app.backend.backup.snapshots(vaultId)).snapshots).toHaveLength(1);

    const settings = page.getByTestId('backup-settings');
    await settings.getByTestId('warn-after').fill('72');
    await settings.getByText('现在是 3 天').waitFor();
    await settings.getByTestId('backup-settings-save').click();
    await page.getByText('备份设置已保存').waitFor();
    expect(app.backend.backup.settings().warnAfterHours).toBe(72);
    await page.getByTestId('status-threshold').getByText('超过 3 天没有成功备份时显示').waitFor();
    expectNoProblems(app);
  });

  it('warns again when the last good backup gets old, and 立即备份 unlocks first when needed', async () => {
    const { page } = app;
    // Four days pass: the history is moved back (the threshold is 72 hours now).
    app.backend.workspace.db
      .prepare('UPDATE backup_runs SET started_at = started_at - @age, finished_at = finished_at - @age')
      .run({ age: 4 * 24 * 3600 * 1000 });
    app.backend.events.emit('data.changed', { entities: ['backups'] });
    const banner = page.getByTestId('backup-banner');
    await banner.getByText('已超过 3 天没有成功备份').waitFor();
    await banner.getByText(/^上次成功备份：4\s?天前$/).waitFor();
    await page.getByTestId('vault-card').getByTestId('vault-lock').click();
    await page.getByTestId('vault-card').getByText('已锁定').waitFor();
    await settle(page, { scrollTop: true });
    await app.screenshot('backup-banner-stale-zh-light');

    await banner.getByTestId('banner-backup-now').click();
    const dialog = page.getByTestId('unlock-vault').getByRole('dialog');
    await dialog.getByTestId('unlock-passphrase').fill(passphrase);
    await dialog.getByRole('button', { name: '解锁并备份' }).click();
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByTestId('snapshot-row').nth(1).waitFor();
    expect(app.backend.backup.status().stale).toBe(false);
    expectNoProblems(app);
  });

  it('exports the workspace as one encrypted archive and imports it into a new folder', async () => {
    const { page } = app;
    const archive = join(temp.dir, 'move.qdarchive');
    const imported = join(temp.dir, 'moved-workspace');
    const panel = page.getByTestId('archive-panel');
    // With the export watermark on, both reports say who let the workspace out and when.
    updateLockSettings(app.backend.context, { watermarkExports: true });
    await panel.getByText('迁移到另一台电脑').waitFor();
    await panel.getByTestId('archive-export').click();
    const exportDialog = page.getByTestId('archive-export-dialog').getByRole('dialog');
    await exportDialog.getByText('导出迁移包').first().waitFor();
    // Browser mode has no save dialog: 选择… gives way to typing the path.
    await exportDialog.getByTestId('archive-export-path-browse').click();
    await exportDialog.getByTestId('archive-export-path-typed').waitFor();
    expect(await exportDialog.getByTestId('archive-export-path-browse').count()).toBe(0);
    await exportDialog.getByTestId('archive-export-path').fill('move.qdarchive');
    await exportDialog.getByTestId('passphrase').fill(passphrase);
    await exportDialog.getByTestId('passphrase-confirm').fill(`${passphrase}?`);
    await exportDialog.getByTestId('archive-export-submit').click();
    await exportDialog.getByText('请填写完整路径：以盘符（如 E:\\）或 / 开头').waitFor();
    await exportDialog.getByText('两次输入的密码不一致').waitFor();
    await exportDialog
      .getByTestId('archive-export-path')
      .fill(join(temp.dir, 'no-such-folder', 'x.qdarchive'));
    await exportDialog.getByTestId('passphrase-confirm').fill(passphrase);
    await exportDialog.getByTestId('archive-export-submit').click();
    await exportDialog.getByText(`文件夹不存在：${join(temp.dir, 'no-such-folder')}`).waitFor();
    await exportDialog.getByTestId('archive-export-path').fill(archive);
    await settle(page);
    await app.screenshot('backup-archive-export-form');
    await exportDialog.getByTestId('archive-export-submit').click();

    const report = page.getByTestId('backup-report').getByRole('dialog');
    await report.getByText('迁移包已导出').first().waitFor({ timeout: 30_000 });
    expect(await report.getByTestId('archive-report-path').textContent()).toBe(archive);
    const snapshotCounts = (await app.backend.backup.snapshots(app.backend.backup.vaults()[0]!.id))
      .snapshots[0]!.counts;
    const countsText = await report.getByTestId('archive-report-counts').textContent();
    expect(countsText).toContain(`${snapshotCounts.messages.toLocaleString('en-US')} 条消息`);
    expect(existsSync(archive)).toBe(true);
    const stamp = await report.getByTestId('archive-report-watermark').textContent();
    expect(stamp).toMatch(/^导出人 .+ · \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} · QunDesk$/);
    await settle(page);
    await app.screenshot('backup-archive-exported');
    await report.getByRole('button', { name: '关闭' }).click();
    await report.waitFor({ state: 'detached' });

    await panel.getByTestId('archive-import').click();
    const importDialog = page.getByTestId('archive-import-dialog').getByRole('dialog');
    await importDialog.getByTestId('archive-import-path').fill(archive);
    await importDialog.getByTestId('archive-import-target').fill(temp.dir);
    await importDialog.getByTestId('archive-import-passphrase').fill('not the passphrase');
    await importDialog.getByTestId('archive-import-submit').click();
    await importDialog.getByText(`导入目标文件夹不是空的：${temp.dir}。请选择一个新的空文件夹`).waitFor();
    await importDialog.getByTestId('archive-import-target').fill(imported);
    await importDialog.getByTestId('archive-import-submit').click();
    await importDialog.getByText('迁移包密码不正确').waitFor({ timeout: 20_000 });
    expect(existsSync(imported)).toBe(false);
    await settle(page);
    await app.screenshot('backup-archive-import-wrong');
    await importDialog.getByTestId('archive-import-passphrase').fill(passphrase);
    await importDialog.getByTestId('archive-import-submit').click();
    await report.getByText('迁移包已导入').first().waitFor({ timeout: 30_000 });
    await report.getByTestId('archive-report-integrity').getByText('完整性检查通过').waitFor();
    expect(await report.getByTestId('archive-report-path').textContent()).toBe(imported);
    expect(existsSync(workspaceDbFile(imported))).toBe(true);
    expect(await report.getByTestId('archive-report-watermark').textContent()).toBe(stamp);
    updateLockSettings(app.backend.context, { watermarkExports: false });
    await settle(page);
    await app.screenshot('backup-archive-imported');
    // The report stays open: the next step opens the imported workspace from it.
    expectNoProblems(app);
  });

  it('opens the imported workspace from its report, and the first one again from the backup page', async () => {
    const { page } = app;
    const firstDir = app.backend.workspace.dir;
    const imported = join(temp.dir, 'moved-workspace');
    // Made after the export, this group is only in the first workspace: the groups list tells which one is open.
    insertGroup(
      app.backend.context.db,
      { name: '导出之后新建的群', type: 'content', positioning: '', coreGoal: '', memberCap: 500 },
      Date.now(),
    );
    const report = page.getByTestId('backup-report').getByRole('dialog');
    const offer = report.getByTestId('open-workspace');
    await offer.getByText('使用这个工作区').waitFor();
    await offer.getByText(firstDir, { exact: false }).waitFor();
    await offer.getByTestId('open-workspace-button').click();
    await report.waitFor({ state: 'detached', timeout: 20_000 });
    await page.getByText(`已打开工作区：${imported}`).waitFor();
    expect(app.backend.workspace.dir).toBe(imported);
    expect(app.backend.settings.workspaceDir()).toBe(imported);

    // Every screen now shows the imported workspace.
    await goTo(page, '/settings');
    await page.getByTestId('workspace-path').getByText(imported).waitFor();
    await settle(page, { scrollTop: true });
    await app.screenshot('backup-workspace-opened-settings');
    await goTo(page, '/groups');
    await page
      .getByText(app.backend.context.db.prepare('SELECT name FROM groups LIMIT 1').pluck().get() as string)
      .first()
      .waitFor();
    expect(await page.getByText('导出之后新建的群').count()).toBe(0);

    // Back through 打开工作区… on the backup page: a folder without a workspace is refused under the field.
    await goTo(page, '/backup');
    await page.getByTestId('archive-panel').getByTestId('workspace-open').click();
    const dialog = page.getByTestId('workspace-open-dialog').getByRole('dialog');
    await dialog.getByTestId('workspace-open-path').fill(temp.dir);
    await dialog.getByTestId('workspace-open-submit').click();
    await dialog
      .getByText(`该文件夹里没有群管工作台的工作区（缺少工作区数据库 qundesk.db）：${temp.dir}`)
      .waitFor();
    await settle(page);
    await app.screenshot('backup-workspace-open-refused');
    expect(app.backend.workspace.dir).toBe(imported);
    await dialog.getByTestId('workspace-open-path').fill(firstDir);
    await dialog.getByTestId('workspace-open-submit').click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    expect(app.backend.workspace.dir).toBe(firstDir);
    await goTo(page, '/groups');
    await page.getByText('导出之后新建的群').waitFor();

    // The vault's key was held by the workspace's session; unlock it again for the steps after this one.
    const vaultId = app.backend.backup.vaults()[0]!.id;
    await app.backend.backup.unlock({ vaultId, passphrase });
    await goTo(page, '/backup');
    await page.getByTestId('snapshot-row').first().waitFor();
    expectNoProblems(app);
  });

  it('reads right in dark mode and in English', async () => {
    const { page } = app;
    await setSettings({ colorScheme: 'dark' });
    await settle(page, { scrollTop: true });
    await app.screenshot('backup-page-zh-dark');
    await closeUp(page.getByTestId('snapshots-panel'), 'backup-snapshots-zh-dark');
    await closeUp(page.getByTestId('archive-panel'), 'backup-archive-panel-zh-dark');
    await setSettings({ locale: 'en' });
    await page.getByRole('heading', { name: 'Backup & restore' }).waitFor();
    await page.getByTestId('snapshot-row').first().getByText('Manual').waitFor();
    await settle(page, { scrollTop: true });
    await app.screenshot('backup-page-en-dark');
    await expectNoHorizontalOverflow(page);
    await setSettings({ colorScheme: 'light' });
    await settle(page, { scrollTop: true });
    await app.screenshot('backup-page-en-light');
    await closeUp(page.getByTestId('backup-settings'), 'backup-settings-en-light');
    await closeUp(page.getByTestId('archive-panel'), 'backup-archive-panel-en-light');
    await page.getByTestId('add-vault').click();
    const form = page.getByTestId('create-vault').getByRole('dialog');
    await form.getByTestId('vault-encrypt').click();
    await form.getByText('The risk of no encryption').waitFor();
    await settle(page);
    await app.screenshot('backup-create-unencrypted-en');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    await setSettings({ locale: 'zh-CN' });
    expectNoProblems(app);
  });

  it('shows the problems SQLite finds in a restored database that fails its check', async () => {
    const { page, backend } = app;
    // A snapshot of a copy of this workspace whose audit-log index has half its root page overwritten: every object
    // of it is sound, so only the restored database's own check can tell.
    const damagedDir = join(temp.dir, 'damaged-workspace');
    mkdirSync(damagedDir, { recursive: true });
    const damagedDb = workspaceDbFile(damagedDir);
    await backend.context.db.backup(damagedDb);
    overwriteIndexRoot(damagedDb, 'audit_log_at');
    const { snapshot } = await backupWorkspace(await Vault.open(vaultDir(), { passphrase }), {
      workspaceDir: damagedDir,
      kind: 'manual',
    });
    backend.events.emit('data.changed', { entities: ['backups'] });

    const row = page.locator(`[data-testid="snapshot-row"][data-snapshot-id="${snapshot.id}"]`);
    await row.getByTestId('restore-open').click();
    const dialog = page.getByTestId('restore-snapshot').getByRole('dialog');
    await dialog.getByTestId('restore-target-folder').click();
    await dialog.getByTestId('restore-path').fill(join(temp.dir, 'restored-damaged'));
    await dialog.getByTestId('restore-submit').click();

    const report = page.getByTestId('backup-report').getByRole('dialog');
    await report.getByText('恢复不完整').waitFor({ timeout: 30_000 });
    expect(await report.getByTestId('restore-integrity').textContent()).toBe('未通过');
    // Its tables could still be counted, and hold what the snapshot says.
    expect(await report.getByTestId('restore-counts').textContent()).toBe('与快照清单一致');
    await report.getByText(/恢复出的数据库文件有损坏/).waitFor();
    // SQLite's own words, without its heading: the problems it lists, or (as here, where the overwritten cells stop
    // the check itself) its error.
    const problems = (await report.getByTestId('restore-integrity-problems').textContent()) ?? '';
    expect(problems).toMatch(/^(database disk image is malformed|.*(Tree|Page|row) \d+)/);
    expect(problems).not.toMatch(/in database main/);
    await settle(page);
    await app.screenshot('backup-restore-damaged-database');
    await report.getByRole('button', { name: '关闭' }).click();
    await report.waitFor({ state: 'detached' });
    expectNoProblems(app);
  });
});
