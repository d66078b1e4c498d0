/**
 * Groups beyond the basics and admission (群规与准入): the group's founding day, owner and admins, standby group
 * (`groupinfo.*`, `standby.list`), versioned group rules (`rules.*`), entry QR codes with their expiry reminders
 * (`qrcodes.*`), and the questionnaire, pipeline, applications and statistics of admission (`admission.*`).
 * The basic group fields stay on `groups.*`. Every change is audited and announced with `data.changed`
 * ['groups', 'audit'] (plus 'members' when it touches memberships).
 */
import { z } from 'zod';
import {
  answersSchema,
  applicationStatuses,
  defaultQrReminderDays,
  pipelineSchema,
  questionnaireSchema,
  type AdmissionConfig,
  type AdmissionStats,
  type ApplicationDetail,
  type ApplicationView,
  type QrCode,
} from '../../domain/admission';
import type { GroupDetail, RuleVersion, StandbyListEntry } from '../../domain/groups';
import { joinChannels, type Page } from '../../domain/types';
import { boundedText, channel, idSchema, noInput, pageInput } from '../channel';
import { instantSchema, localDateSchema } from './calendar';

const id = idSchema;
const text = boundedText;
const groupRef = z.object({ groupId: id }).strict();
/** Who took a decision, as the moderator typed it; the current operator when left out. */
const decidedBy = text(40).min(1).optional();
const reminderDays = z.number().int().min(0).max(30);

export const groupInfoPatchSchema = z
  .object({
    foundedOn: localDateSchema.nullable(),
    /** A group of this workspace as the standby; clears `standbyName`. */
    standbyGroupId: id.nullable(),
    /** A standby group kept outside this workspace, by name. */
    standbyName: text(80).nullable(),
    standbyJoinMethod: text(200),
    standbyTemplate: text(2000),
  })
  .partial()
  .strict();
export type GroupInfoPatch = z.output<typeof groupInfoPatchSchema>;

export const rulePublishSchema = z
  .object({
    groupId: id,
    body: text(10_000).min(1),
    announcedOn: localDateSchema,
    note: text(200).default(''),
  })
  .strict();

export const qrCodeInputSchema = z
  .object({
    groupId: id,
    label: text(60).default(''),
    joinChannel: z.enum(joinChannels).nullable().default(null),
    /** When WeChat generated the code; now when left out. */
    generatedAt: instantSchema.optional(),
    /** Seven days after generation when left out. */
    expiresAt: instantSchema.optional(),
    note: text(200).default(''),
    /** A live code this one replaces; it is retired in the same step. */
    replacesId: id.optional(),
  })
  .strict();
export type QrCodeInput = z.output<typeof qrCodeInputSchema>;

export const applicationInputSchema = z
  .object({
    groupId: id,
    applicantName: text(80).min(1),
    wxid: text(64).min(1).nullable().default(null),
    /** Any format (+86 138-0013-8000); stored as digits. */
    phone: text(30).min(1).nullable().default(null),
    joinChannel: z.enum(joinChannels),
    inviterName: text(80).min(1).nullable().default(null),
    qrCodeId: id.nullable().default(null),
    answers: answersSchema.default({}),
    /** When the applicant applied; now when left out. */
    appliedAt: instantSchema.optional(),
    note: text(500).default(''),
    decidedBy,
  })
  .strict();
export type ApplicationInput = z.output<typeof applicationInputSchema>;

export const groupsAdmissionChannels = {
  /** The group with founding day, owner and admins, standby group and the current rules version. */
  'groupinfo.get': channel<GroupDetail>()(groupRef),
  'groupinfo.update': channel<GroupDetail>()(z.object({ groupId: id, patch: groupInfoPatchSchema }).strict()),
  /** Sets owner and admins among the group's current members; the previous ones become plain members. */
  'groupinfo.setStaff': channel<GroupDetail>()(
    z
      .object({ groupId: id, ownerMemberId: id.nullable(), adminMemberIds: z.array(id).max(20) })
      .strict()
      .refine(
        (input) => input.ownerMemberId === null || !input.adminMemberIds.includes(input.ownerMemberId),
        {
          message: 'the owner is not also an admin',
          path: ['adminMemberIds'],
        },
      ),
  ),

  /** 备用群组清单: every group with its standby group and announcement (kept in the workspace, so in every backup). */
  'standby.list': channel<StandbyListEntry[]>()(noInput),

  /** Every version of the group's rules, newest first. */
  'rules.list': channel<RuleVersion[]>()(groupRef),
  /** Adds the next version; versions are never edited. */
  'rules.publish': channel<RuleVersion>()(rulePublishSchema),

  'qrcodes.list': channel<QrCode[]>()(
    z.object({ groupId: id, reminderDays: reminderDays.default(defaultQrReminderDays) }).strict(),
  ),
  'qrcodes.add': channel<QrCode>()(qrCodeInputSchema),
  /** Marks a code as no longer posted (replaced or withdrawn): it leaves the reminders. */
  'qrcodes.retire': channel<QrCode>()(z.object({ id }).strict()),
  /** Live codes expiring within `withinDays` (and expired ones not yet retired), soonest first. */
  'qrcodes.expiring': channel<QrCode[]>()(
    z.object({ withinDays: reminderDays.default(defaultQrReminderDays), groupId: id.optional() }).strict(),
  ),

  'admission.config': channel<AdmissionConfig>()(groupRef),
  'admission.saveQuestionnaire': channel<AdmissionConfig>()(
    z.object({ groupId: id, questionnaire: questionnaireSchema }).strict(),
  ),
  /** Stages in order: the first receives applications, reaching the last admits. */
  'admission.saveStages': channel<AdmissionConfig>()(
    z.object({ groupId: id, stages: pipelineSchema }).strict(),
  ),
  'admission.list': channel<Page<ApplicationView>>()(
    z
      .object({ groupId: id.optional(), status: z.enum(applicationStatuses).optional(), ...pageInput })
      .strict(),
  ),
  'admission.get': channel<ApplicationDetail>()(z.object({ id }).strict()),
  /** Enters an application as the applicant sent it: answers scored, blacklist checked and flagged. */
  'admission.apply': channel<ApplicationDetail>()(applicationInputSchema),
  /** Moves a pending application to the next stage (`toStage` must be that stage); the last stage admits. */
  'admission.advance': channel<ApplicationDetail>()(
    z.object({ id, toStage: z.string().min(1).max(16), decidedBy, note: text(500).default('') }).strict(),
  ),
  'admission.reject': channel<ApplicationDetail>()(
    z.object({ id, decidedBy, note: text(500).min(1) }).strict(),
  ),
  /** Applications, outcomes and questionnaire results per join channel. */
  'admission.stats': channel<AdmissionStats>()(z.object({ groupId: id.optional() }).strict()),
} as const;
