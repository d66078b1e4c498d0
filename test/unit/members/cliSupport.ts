/** Runs the real CLI (`tsx electron/main/cli/index.ts`) on a temp workspace, as a user would from a shell. */
import { join } from 'node:path';
import { openTestBackend } from '../../support/tempWorkspace';
import { runCli } from '../../support/cli';
import { seedMembers, type Seeded } from './fixtures';

export function cliRunner(dir: string) {
  const workspace = join(dir, 'ws');
  const cli = (...args: string[]) => runCli(args, { configDir: join(dir, 'config'), workspace });
  /** Seeds the workspace with the member fixtures, closing it again before the CLI opens it. */
  const seed = async (): Promise<Seeded> => {
    const backend = openTestBackend(workspace, join(dir, 'settings.json'));
    const seeded = seedMembers(backend.context.db, Date.now());
    await backend.close();
    return seeded;
  };
  return { cli, seed };
}
