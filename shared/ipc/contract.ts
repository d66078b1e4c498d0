/**
 * The one IPC contract. Every channel has a zod input schema and an output type; the preload,
 * the HTTP transport of browser mode and the dispatcher are all built from this table.
 */
import { z } from 'zod';
import { boundedText, channel, idSchema, noInput, pageInput, type ChannelSpec } from './channel';
import { backupChannels } from './channels/backup';
import { calendarChannels } from './channels/calendar';
import { crisisChannels } from './channels/crisis';
import { groupsAdmissionChannels } from './channels/groups';
import { qrImageChannels } from './channels/admissionQrImages';
import { healthChannels } from './channels/health';
import { importChannels } from './channels/imports';
import { membersChannels } from './channels/members';
import { messagesChannels } from './channels/messages';
import { recoveryChannels } from './channels/recovery';
import { riskChannels } from './channels/risk';
import { auditFilterShape, sessionChannels } from './channels/session';
import {
  colorSchemes,
  groupTypes,
  locales,
  type AuditEntry,
  type Group,
  type JobState,
  type Page,
  type Settings,
  type WorkspaceInfo,
} from '../domain/types';

const id = idSchema;
const text = boundedText;

export const groupInputSchema = z
  .object({
    name: text(80).min(1),
    type: z.enum(groupTypes),
    positioning: text(500).default(''),
    coreGoal: text(500).default(''),
    memberCap: z.number().int().min(1).max(100_000).default(500),
  })
  .strict();

export const settingsPatchSchema = z
  .object({ locale: z.enum(locales), colorScheme: z.enum(colorSchemes) })
  .partial()
  .strict();

/**
 * Every channel. A feature declares its channels in `channels/<feature>.ts` with `channel()` and spreads them here.
 */
export const channels = {
  'workspace.info': channel<WorkspaceInfo>()(noInput),
  'workspace.loadDemo': channel<{ jobId: string }>()(
    z.object({ seed: z.number().int().min(0).max(2 ** 31).default(20240501) }).strict(),
  ),

  'settings.get': channel<Settings>()(noInput),
  'settings.update': channel<Settings>()(settingsPatchSchema),

  'groups.list': channel<Group[]>()(noInput),
  'groups.get': channel<Group>()(z.object({ id }).strict()),
  'groups.create': channel<Group>()(groupInputSchema),
  'groups.update': channel<Group>()(z.object({ id, patch: groupInputSchema.partial() }).strict()),
  'groups.delete': channel<{ deleted: true }>()(z.object({ id }).strict()),

  'jobs.list': channel<JobState[]>()(noInput),
  'jobs.cancel': channel<{ cancelled: boolean }>()(z.object({ id: z.string().min(1).max(64) }).strict()),

  'audit.list': channel<Page<AuditEntry>>()(z.object({ ...pageInput, ...auditFilterShape }).strict()),
  ...messagesChannels,
  ...membersChannels,
  ...calendarChannels,
  ...backupChannels,
  ...crisisChannels,
  ...importChannels,
  ...healthChannels,
  ...riskChannels,
  ...sessionChannels,
  ...recoveryChannels,
  ...groupsAdmissionChannels,
  ...qrImageChannels,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export const channelNames = Object.keys(channels) as ChannelName[];

/** What a caller passes (defaults may be left out). */
export type ChannelInput<K extends ChannelName> = z.input<Channels[K]['input']>;
/** What a handler receives, after validation and defaults. */
export type ChannelParsedInput<K extends ChannelName> = z.output<Channels[K]['input']>;
export type ChannelOutput<K extends ChannelName> =
  Channels[K] extends ChannelSpec<z.ZodType, infer O> ? O : never;

/** Events main pushes to the renderer. */
export interface PushEvents {
  'jobs.progress': JobState;
  /** Which kinds of data changed, so open screens can refetch. */
  'data.changed': { entities: DataEntity[] };
}
export type PushEventName = keyof PushEvents;
export const pushEventNames = ['jobs.progress', 'data.changed'] as const satisfies readonly PushEventName[];
export const dataEntities = [
  'workspace',
  'groups',
  'members',
  'messages',
  'imports',
  'settings',
  'audit',
  'calendar',
  'activities',
  'crisis',
  'backups',
  'risk',
  'session',
] as const;
export type DataEntity = (typeof dataEntities)[number];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}
