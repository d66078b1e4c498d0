import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/main/db/repositories/audit';
import { findOperatorByName } from '../../../electron/main/db/repositories/operators';
import { createOperator, verifyPassphrase } from '../../../electron/main/services/operators';
import { runCli } from '../../support/cli';
import { makeTempDir, openTestBackend } from '../../support/tempWorkspace';
import { fastScrypt } from './fixtures';

const temp = makeTempDir('qundesk-operators-cli-');
const workspace = join(temp.dir, 'ws');

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { configDir: join(temp.dir, 'config'), workspace, env });

const openBackend = () => openTestBackend(workspace, join(temp.dir, 'settings.json'));

describe('operators command', () => {
  beforeAll(async () => {
    const backend = openBackend();
    await createOperator(
      backend.context,
      { name: '王群主', role: 'owner', passphrase: 'forgotten' },
      fastScrypt,
    );
    await backend.close();
  });
  afterAll(() => temp.remove());

  it('lists operators and resets a forgotten passphrase from an environment variable, audited', async () => {
    const listed = cli(['operators', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).operators).toMatchObject([{ name: '王群主', role: 'owner' }]);

    const missing = cli(['operators', 'reset-passphrase', '--name', '王群主'], {
      QUNDESK_OPERATOR_PASSPHRASE: '',
    });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr + missing.stdout).toContain('QUNDESK_OPERATOR_PASSPHRASE');

    const reset = cli(['operators', 'reset-passphrase', '--name', '王群主', '--passphrase-env', 'NEW_PASS'], {
      NEW_PASS: 'remembered-now',
    });
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('已为「王群主」设置新口令');

    const backend = openBackend();
    try {
      const stored = findOperatorByName(backend.context.db, '王群主')!.passphraseHash;
      expect(await verifyPassphrase('remembered-now', stored)).toBe(true);
      expect(await verifyPassphrase('forgotten', stored)).toBe(false);
      expect(listAudit(backend.context.db, 0, 1).rows[0]).toMatchObject({
        action: 'reset-passphrase',
        operator: 'local',
      });
    } finally {
      await backend.close();
    }
  });
});
