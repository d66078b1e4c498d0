/**
 * Operators and the app lock: session (sign in, lock, activity for the idle timer), operator and role management,
 * and the audit viewer's filters and CSV export. While the app is locked the dispatcher answers only
 * `lockScreenChannels`; the permission each channel needs is in shared/ipc/permissions.ts.
 */
import { z } from 'zod';
import type { ExportedFile } from '../../domain/crisis/views';
import {
  builtinRoles,
  maxIdleMinutes,
  minOperatorPassphraseLength,
  permissions,
  type LockSettings,
  type OperatorSummary,
  type OperatorsView,
  type RoleSummary,
  type SessionStatus,
} from '../../domain/operators';
import { boundedText, channel, idSchema, noInput } from '../channel';
import { instantSchema } from './calendar';

const operatorName = boundedText(40).min(1);
/** What the renderer saves on its own: dashboard charts and printed reports (personal data: top members, quotes). */
export const screenExportKinds = ['health-chart', 'health-report', 'incident-report'] as const;
export type ScreenExportKind = (typeof screenExportKinds)[number];
const newPassphrase = z.string().min(minOperatorPassphraseLength).max(256);
export const roleKeySchema = z.union([
  z.enum(builtinRoles),
  z.templateLiteral([
    'custom:',
    z
      .number()
      .int()
      .positive()
      .max(2 ** 31),
  ]),
]);

/** Filters of the audit viewer; `from`/`to` are instants (the renderer turns local days into them). */
export const auditFilterShape = {
  operator: boundedText(80).min(1).optional(),
  action: boundedText(80).min(1).optional(),
  entity: boundedText(80).min(1).optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
};
export type AuditFilter = {
  operator?: string | undefined;
  action?: string | undefined;
  entity?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
};

export interface AuditFacets {
  operators: string[];
  actions: string[];
  entities: string[];
}

export const sessionChannels = {
  'session.status': channel<SessionStatus>()(noInput),
  /** Signs an operator in; a wrong passphrase is FORBIDDEN, and after five failures attempts are slowed down. */
  'session.unlock': channel<SessionStatus>()(
    z.object({ operatorId: idSchema, passphrase: z.string().min(1).max(256) }).strict(),
  ),
  'session.lock': channel<SessionStatus>()(noInput),
  /** The renderer saw the user do something: restarts the idle timer (the backend owns the timer). */
  'session.activity': channel<{ idleLockAt: string | null }>()(noInput),

  'operators.list': channel<OperatorsView>()(noInput),
  /** The first operator must be an owner (群主); creating it signs them in, and from then on the app starts locked. */
  'operators.create': channel<OperatorSummary>()(
    z.object({ name: operatorName, role: roleKeySchema, passphrase: newPassphrase }).strict(),
  ),
  'operators.update': channel<OperatorSummary>()(
    z
      .object({
        id: idSchema,
        patch: z.object({ name: operatorName, role: roleKeySchema }).partial().strict(),
      })
      .strict(),
  ),
  'operators.resetPassphrase': channel<OperatorSummary>()(
    z.object({ id: idSchema, passphrase: newPassphrase }).strict(),
  ),
  /** The last owner cannot be deleted, nor can operators delete themselves. */
  'operators.delete': channel<{ deleted: true }>()(z.object({ id: idSchema }).strict()),
  /** Creates a custom role (no id) or changes one. */
  'operators.saveRole': channel<RoleSummary>()(
    z
      .object({
        id: idSchema.optional(),
        name: boundedText(40).min(1),
        permissions: z.array(z.enum(permissions)).max(permissions.length),
      })
      .strict(),
  ),
  'operators.deleteRole': channel<{ deleted: true }>()(z.object({ id: idSchema }).strict()),
  'operators.updateSettings': channel<LockSettings>()(
    z
      .object({
        idleMinutes: z.number().int().min(0).max(maxIdleMinutes),
        watermarkExports: z.boolean(),
      })
      .partial()
      .strict(),
  ),

  'audit.facets': channel<AuditFacets>()(noInput),
  /** The filtered log as UTF-8 CSV with a BOM (Excel-friendly); needs the export permission and is itself audited. */
  'audit.export': channel<ExportedFile>()(z.object(auditFilterShape).strict()),
  /**
   * Files the renderer builds itself from what it shows (a chart's CSV or PNG, a printed report): asked before
   * saving, so they need the export permission like the others, are audited, and get the watermark to stamp.
   */
  'audit.recordExport': channel<{ watermark: string | null }>()(
    z.object({ kind: z.enum(screenExportKinds), name: boundedText(200).min(1) }).strict(),
  ),
} as const;

/**
 * What answers while the app is locked: the lock screen, the language/theme switches, and the start-up recovery
 * check that decides whether there is a workspace to unlock at all (state and paths, no workspace data).
 */
export const lockScreenChannels: ReadonlySet<string> = new Set([
  'recovery.status',
  'session.status',
  'session.unlock',
  'session.lock',
  'session.activity',
  'settings.get',
  'settings.update',
]);
