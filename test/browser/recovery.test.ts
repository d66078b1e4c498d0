/**
 * A damaged workspace in the real renderer: the recovery screen (zh and en), the export of readable data, then
 * the read-only mode with its banner over the normal screens.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedWorkspace } from '../unit/backup/fixtures';
import { damageDatabase, databaseFingerprint } from '../unit/trust/support';
import { startApp } from '../support/browserHarness';
import { expectNoProblems, goTo, useBrowser } from './helpers';

describe('recovery screen', () => {
  const browser = useBrowser();

  it('shows the recovery screen for a damaged workspace, exports what can be read and opens read-only', async () => {
    let fingerprint: ReturnType<typeof databaseFingerprint> | null = null;
    const app = await startApp(browser(), {
      prepare: async (backend) => {
        seedWorkspace(backend.context.db, backend.workspace.dir, { groups: 2, members: 40, messages: 3000 });
        // Close, damage the file behind the app's back, and open it again the way a start-up would.
        await backend.reopen('normal', () => damageDatabase(backend.workspace.dir, 'garbage-pages'));
        fingerprint = databaseFingerprint(backend.workspace.dir);
      },
    });
    const { page, backend } = app;
    try {
      expect(backend.workspace.state).toBe('damaged');
      await page.getByTestId('recovery-screen').waitFor();
      await page.getByRole('heading', { name: '工作区数据库已损坏' }).waitFor();
      expect(await page.getByTestId('recovery-problems').locator('li').count()).toBeGreaterThan(0);
      await app.screenshot('recovery-zh');

      await page.getByTestId('recovery-language').click();
      await page.getByRole('heading', { name: 'The workspace database is damaged' }).waitFor();
      await app.screenshot('recovery-en');

      const target = join(backend.workspace.dir, '..', 'readable-export');
      await page.getByTestId('recovery-export-path').fill(target);
      await page.getByTestId('recovery-export-button').click();
      await page.getByTestId('recovery-exported').waitFor();
      expect(await page.getByTestId('recovery-exported').textContent()).toContain('readable-export');
      await app.screenshot('recovery-en-exported');

      await page.getByTestId('recovery-language').click();
      await page.getByRole('heading', { name: '工作区数据库已损坏' }).waitFor();
      await page.getByTestId('recovery-read-only-button').click();
      await page.getByTestId('read-only-banner').waitFor();
      expect(backend.workspace.state).toBe('readOnly');
      await goTo(page, '/groups');
      // Which pages the garbage hits depends on the file's layout: the groups screen opens, or (when it hit the
      // operators) the session gate says the operators cannot be read, naming the damage; never a spinner forever.
      const groupsHeading = page.getByRole('heading', { name: '群组' });
      const sessionFailure = page.getByTestId('session-failure');
      await groupsHeading.or(sessionFailure).waitFor();
      if (await sessionFailure.isVisible()) expect(await sessionFailure.textContent()).toContain('损坏');
      await page.getByTestId('read-only-banner').waitFor();
      await app.screenshot('recovery-read-only-zh');

      // The damaged file itself is untouched (an empty -wal exists while the read-only connection is open).
      expect(databaseFingerprint(backend.workspace.dir).db).toBe(fingerprint!.db);
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });
});
