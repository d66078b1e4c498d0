/**
 * Child process for the crash-injection tests: runs one job on a workspace (the way a worker thread does), and
 * tells the parent over IPC when the job starts, each progress step, and when it ends, so the parent can SIGKILL it
 * in between and know how far it got.
 * Bundled by crashSupport.ts; `node crashChild.mjs <kind> <workspaceDir> <json input>`.
 */
import { executeJob } from '../../../electron/main/jobs/execute';
import { CancelFlag } from '../../../electron/main/jobs/cancellation';

const [kind, workspaceDir, input] = process.argv.slice(2);
if (!kind || !workspaceDir || !input) {
  process.stderr.write('usage: crashChild.ts <kind> <workspaceDir> <json input>\n');
  process.exit(2);
}
process.send?.({ type: 'started' });
executeJob({
  kind,
  input: JSON.parse(input),
  operator: 'crash-test',
  workspaceDir,
  cancel: new CancelFlag(),
  // Every step the job reports, so the parent can tell where a kill landed.
  onProgress: ({ stepKey, done, total }) => process.send?.({ type: 'progress', stepKey, done, total }),
}).then(
  (result) => {
    process.send?.({ type: 'done', result });
    process.disconnect?.();
  },
  (error: unknown) => {
    process.send?.({ type: 'failed', error: String((error as Error)?.stack ?? error) });
    process.disconnect?.();
    process.exitCode = 1;
  },
);
