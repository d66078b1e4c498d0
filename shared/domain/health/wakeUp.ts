/**
 * The silent wake-up rate (the guide's 沉默用户唤醒), tied to what operators did: a member counts only when a
 * targeted action reached them while they were silent. Targeted actions are the calendar's activities (they reach
 * every member of their group) and wake-up outreach (唤醒触达) an operator records, which reaches the members
 * snapshotted with it.
 *
 * Silent at an action: in the group at that moment, there for the whole silence (joined that long before, or at an
 * unknown time), and without a message in the group during the silence before it. Targeted: distinct memberships
 * silent at an action of the range that reached them. Woken: those who spoke in the group within the response
 * window after such an action. A member reached by several actions counts once. An action whose group's archive
 * does not reach back the whole silence before it is left out: who was silent then cannot be known.
 */

/** How an outreach reached the members. */
export const outreachChannels = ['private', 'mention', 'officialAccount', 'sms', 'other'] as const;
export type OutreachChannel = (typeof outreachChannels)[number];

/** 'silent': every member silent at that moment (snapshotted); 'chosen': the members the operator picked. */
export type OutreachAudience = 'silent' | 'chosen';

export interface WakeSettings {
  /** Days without a message that make a member silent. */
  silenceDays: number;
  /** Days after an action within which a reply counts as woken by it. */
  responseDays: number;
}

export const defaultWakeSettings: Readonly<WakeSettings> = { silenceDays: 30, responseDays: 14 };
/** Bounds of the settings (days); at least a day each, so a day's first and last message settle every case. */
export const wakeSettingBounds = {
  silenceDays: { min: 1, max: 365 },
  responseDays: { min: 1, max: 90 },
} as const;

/** The most members one outreach may name (a full WeChat group is 500; several groups' worth is plenty). */
export const maxOutreachMembers = 5_000;
export const maxOutreachNoteLength = 500;

export interface Outreach {
  id: number;
  groupId: number;
  groupName: string;
  /** ISO instant. */
  at: string;
  /** The UTC+8 day, 'YYYY-MM-DD'. */
  date: string;
  channel: OutreachChannel;
  note: string;
  audience: OutreachAudience;
  /** Members it reached (the snapshot). */
  reached: number;
  /** Of them, silent at that moment (null: the archive does not reach back the whole silence). */
  targeted: number | null;
  /** Of the targeted, spoke within the response window. */
  woken: number | null;
  operator: string;
  createdAt: string;
}

export interface OutreachReport {
  settings: WakeSettings;
  outreach: Outreach[];
}
