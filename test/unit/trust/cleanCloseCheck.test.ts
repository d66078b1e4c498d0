/**
 * The start-up check skips `PRAGMA quick_check` (every page read: the bulk of opening a large workspace) only for a
 * file exactly as the app left it at a clean close; anything else that happened to the file since runs the full
 * check, so a damaged database is still never opened for writing.
 */
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fullCheckMaxAgeMs, openWorkspace } from '../../../electron/main/services/workspace';
import { workspaceDbFile } from '../../../electron/main/services/workspacePaths';
import { makeTempDir } from '../../support/tempWorkspace';
import { makeWorkspace } from '../backup/fixtures';
import { damageDatabase } from './support';

describe('start-up check after a clean close', () => {
  const temp = makeTempDir('qundesk-clean-close-');
  afterAll(() => temp.remove());
  let made = 0;
  /** A seeded workspace, closed cleanly. */
  const closedWorkspace = () => {
    const workspace = makeWorkspace(join(temp.dir, `ws-${(made += 1)}`), { messages: 3000 });
    workspace.close();
    return workspace.dir;
  };
  const reopen = (dir: string, now = Date.now()) => {
    const workspace = openWorkspace(dir, now);
    workspace.close();
    return workspace;
  };

  it('checks header and schema only when nothing touched the file since its last clean close', () => {
    const dir = closedWorkspace();
    const first = reopen(dir);
    expect(first).toMatchObject({ state: 'ok', check: { ok: true, quickCheck: 'unchanged' } });
    // Each clean close notes the file again.
    expect(reopen(dir).check.quickCheck).toBe('unchanged');
  });

  it('runs the full check after a crash: a workspace left open leaves no note', () => {
    const dir = closedWorkspace();
    const crashed = openWorkspace(dir);
    crashed.db.prepare("UPDATE workspace_meta SET value = value WHERE key = 'created_at'").run();
    // The process dies: the connection goes away without the workspace's own close.
    crashed.db.close();
    expect(existsSync(`${workspaceDbFile(dir)}.closed`)).toBe(false);
    expect(reopen(dir).check).toMatchObject({ ok: true, quickCheck: 'ran' });
  });

  it('finds damage done right after a clean close, and in a copy', () => {
    const dir = closedWorkspace();
    damageDatabase(dir, 'garbage-pages');
    const damaged = openWorkspace(dir);
    expect(damaged.state).toBe('damaged');
    expect(damaged.check).toMatchObject({ ok: false, quickCheck: 'ran' });
    expect(damaged.check.problems.length).toBeGreaterThan(0);
    damaged.close();

    const original = closedWorkspace();
    const copy = join(temp.dir, 'copy');
    cpSync(original, copy, { recursive: true });
    expect(reopen(copy).check).toMatchObject({ ok: true, quickCheck: 'ran' });
  });

  it('reads every page again once the last full check is a week old, even of an untouched file', () => {
    const dir = closedWorkspace();
    const start = Date.now();
    // The workspace's own close noted the full check its creation ran.
    expect(reopen(dir, start).check.quickCheck).toBe('unchanged');
    expect(reopen(dir, start + fullCheckMaxAgeMs - 60_000).check.quickCheck).toBe('unchanged');
    const weekLater = start + fullCheckMaxAgeMs + 60_000;
    const rechecked = reopen(dir, weekLater);
    expect(rechecked.check).toMatchObject({ ok: true, quickCheck: 'ran', fullCheckAt: weekLater });
    // That check counts from then on; a clock set back before it does not trust the note.
    expect(reopen(dir, weekLater + 60_000).check.quickCheck).toBe('unchanged');
    expect(reopen(dir, weekLater - 60_000).check.quickCheck).toBe('ran');
  });
});
