/**
 * Every channel of the contract that takes data out of the app is classified here, fail-closed like `readChannels`:
 * one whose method names an export (export…, …Export, download, dump, print) and is missing below fails the first
 * test until someone decides whether it carries personal data. Those that do need the `export` permission, are
 * refused to an observer and to a role that may edit but not export (each refusal logged, no file written), and
 * write an audit entry naming the operator when an admin runs them.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/main/db/repositories/audit';
import type { IncidentDetail, PlaybookSummary } from '../../../shared/domain/crisis/views';
import type { OperatorSummary, RoleSummary } from '../../../shared/domain/operators';
import { channelNames, channels, type ChannelName } from '../../../shared/ipc/contract';
import { requiredPermissions } from '../../../shared/ipc/permissions';
import { makeTempDir } from '../../support/tempWorkspace';
import { failure, operatorsTestBackend, value, type OperatorsTestBackend } from '../operators/fixtures';

const exportLike = (name: string) => /export|download|dump|print/i.test(name.slice(name.indexOf('.') + 1));

interface PersonalExport {
  /** A valid call; `dir` is a fresh folder for files the call writes, `incidentId` an open incident. */
  input(where: { dir: string; incidentId: number }): Record<string, unknown>;
  /** The audit entry an allowed call writes. */
  audit: { action: string; entity: string };
}

/** Channels whose output names members, quotes messages or dumps the workspace. */
const personalData: Record<string, PersonalExport> = {
  'members.export': {
    input: ({ dir }) => ({ path: join(dir, 'members.csv') }),
    audit: { action: 'export', entity: 'member' },
  },
  'members.exportFile': {
    input: () => ({ filter: {}, format: 'csv' }),
    audit: { action: 'export', entity: 'member' },
  },
  'incidents.export': {
    input: ({ incidentId }) => ({ id: incidentId }),
    audit: { action: 'export', entity: 'incident' },
  },
  'audit.export': { input: () => ({}), audit: { action: 'export', entity: 'audit' } },
  // A dashboard chart (top members by name) or a printed report: the renderer saves it once this allows it.
  'audit.recordExport': {
    input: () => ({ kind: 'health-chart', name: '健康度-活跃成员.csv' }),
    audit: { action: 'export', entity: 'health' },
  },
  'recovery.exportReadable': {
    input: ({ dir }) => ({ path: join(dir, 'readable') }),
    audit: { action: 'export', entity: 'workspace' },
  },
  'backup.exportArchive': {
    input: ({ dir }) => ({ path: join(dir, 'workspace.qdarchive'), passphrase: 'archive-passphrase-1' }),
    audit: { action: 'archive-export', entity: 'workspace' },
  },
};

/** Exports without personal data, each with the reason it needs no permission. */
const noPersonalData: Record<string, string> = {
  'playbooks.export': 'crisis playbook templates: steps and message texts, no member or message',
  'risk.exportList': 'a sensitive-word list',
  'calendar.export': 'the content plan (ICS / Markdown): posts, activities and gaps, no member data',
  'diagnostics.export': 'logs, versions, schema version and counts: built to hold no personal data',
};

describe('channels that export data', () => {
  let t: OperatorsTestBackend;
  let temp: ReturnType<typeof makeTempDir>;
  let incidentId: number;
  const passphrase = 'pass-word';
  const people: Record<'admin' | 'observer' | 'editor', OperatorSummary> = {} as never;
  let calls = 0;

  const signInAs = async (who: OperatorSummary) => {
    value(await t.call('session.lock'));
    value(await t.call('session.unlock', { operatorId: who.id, passphrase }));
  };
  /** An empty folder for one call's files. */
  const freshDir = () => {
    const dir = join(temp.dir, `call-${(calls += 1)}`);
    mkdirSync(dir);
    return dir;
  };

  beforeAll(async () => {
    temp = makeTempDir('qundesk-export-channels-');
    t = operatorsTestBackend();
    const demo = t.backend.jobs.start('demo.load', { seed: 3, scale: 0.02 }, 'test');
    expect((await t.backend.jobs.wait(demo)).status).toBe('done');
    const [playbook] = value<PlaybookSummary[]>(await t.call('playbooks.list'));
    incidentId = value<IncidentDetail>(
      await t.call('incidents.open', { playbookId: playbook!.id, groupId: 1 }),
    ).id;
    const create = async (name: string, role: string) =>
      value<OperatorSummary>(await t.call('operators.create', { name, role, passphrase }));
    await create('群主甲', 'owner');
    value(await t.call('operators.updateSettings', { idleMinutes: 0 }));
    const editorRole = value<RoleSummary>(
      await t.call('operators.saveRole', { name: '只编辑', permissions: ['edit', 'reveal'] }),
    );
    people.admin = await create('管理员乙', 'admin');
    people.observer = await create('观察员丙', 'observer');
    people.editor = await create('编辑丁', editorRole.key);
  }, 30_000);
  afterAll(async () => {
    await t.dispose();
    temp.remove();
  });

  it('classifies every export-like channel of the contract, and nothing else', () => {
    const found = channelNames.filter(exportLike).sort();
    expect(found).toEqual([...Object.keys(personalData), ...Object.keys(noPersonalData)].sort());
    expect(found.length).toBeGreaterThanOrEqual(10);
    for (const reason of Object.values(noPersonalData)) expect(reason.length).toBeGreaterThan(10);
  });

  it('requires the export permission for every export of personal data', () => {
    for (const [name, spec] of Object.entries(personalData)) {
      const parsed = channels[name as ChannelName].input.safeParse(spec.input({ dir: temp.dir, incidentId }));
      expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(requiredPermissions(name as ChannelName, parsed.data as never), name).toContain('export');
    }
  });

  it.each(['observer', 'editor'] as const)(
    'refuses each one to a role without it (%s), logs the refusal and writes no file',
    async (who) => {
      await signInAs(people[who]);
      for (const [name, spec] of Object.entries(personalData)) {
        const dir = freshDir();
        const denied = listAudit(t.backend.context.db, 0, 1, { action: 'permission-denied' }).total;
        const exported = listAudit(t.backend.context.db, 0, 1, spec.audit).total;
        expect(failure(await t.call(name, spec.input({ dir, incidentId }))), name).toMatchObject({
          code: 'FORBIDDEN',
          message: 'operators.errors.denied.export',
        });
        expect(listAudit(t.backend.context.db, 0, 1, { action: 'permission-denied' }).total, name).toBe(
          denied + 1,
        );
        expect(listAudit(t.backend.context.db, 0, 1, spec.audit).total, name).toBe(exported);
        expect(readdirSync(dir), name).toEqual([]);
      }
    },
  );

  it('records each one in the audit log with the operator who ran it', async () => {
    await signInAs(people.admin);
    for (const [name, spec] of Object.entries(personalData)) {
      const before = listAudit(t.backend.context.db, 0, 1, { ...spec.audit, operator: '管理员乙' }).total;
      const result = value<{ jobId?: string }>(
        await t.call(name, spec.input({ dir: freshDir(), incidentId })),
      );
      if (result.jobId !== undefined) {
        const job = await t.backend.jobs.wait(result.jobId);
        expect(job.status, `${name}: ${JSON.stringify(job.error)}`).toBe('done');
      }
      const after = listAudit(t.backend.context.db, 0, 1, { ...spec.audit, operator: '管理员乙' });
      expect(after.total, name).toBe(before + 1);
      expect(after.rows[0]?.operatorId, name).toBe(people.admin.id);
    }
  });
});
