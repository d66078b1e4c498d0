/**
 * What the crisis area reads from the review queue (risk_hits, written by the risk scan): recent hits for the
 * playbooks' trigger signals, one hit to open an incident from, and which incidents already answer a signal.
 */
import type { IncidentSourceKind } from '../../../../shared/domain/crisis/views';
import type { Db } from '../connection';

export interface SignalHit {
  id: number;
  messageId: number;
  groupId: number;
  /** Epoch ms the message was sent. */
  at: number;
  category: string;
}

/** Hits still counted (open or confirmed) sent within `days` before the newest such hit. */
export function recentReviewHits(db: Db, days: number): SignalHit[] {
  const newest = db
    .prepare("SELECT max(sent_at) FROM risk_hits WHERE status IN ('open', 'confirmed')")
    .pluck()
    .get() as number | null;
  if (newest === null) return [];
  return db
    .prepare(
      `SELECT id, message_id AS messageId, group_id AS groupId, sent_at AS at, category FROM risk_hits
       WHERE status IN ('open', 'confirmed') AND sent_at >= ? ORDER BY sent_at, id`,
    )
    .all(newest - days * 24 * 3600 * 1000) as SignalHit[];
}

export interface ReviewHit {
  id: number;
  messageId: number;
  groupId: number;
  /** The sender's member record, when the message has one. */
  memberId: number | null;
  category: string;
  text: string;
  sentAt: number;
}

export function findReviewHit(db: Db, id: number): ReviewHit | null {
  const row = db
    .prepare(
      `SELECT h.id, h.message_id AS messageId, h.group_id AS groupId, coalesce(h.member_id, m.member_id) AS memberId,
         h.category, h.text, h.sent_at AS sentAt
       FROM risk_hits h JOIN messages m ON m.id = h.message_id WHERE h.id = ?`,
    )
    .get(id) as ReviewHit | undefined;
  return row ?? null;
}

/** Open incidents, and every incident opened from a trigger signal, to leave out signals already answered. */
export function incidentsAnsweringSignals(db: Db): {
  playbookId: number;
  groupId: number | null;
  status: 'open' | 'closed';
  sourceKind: IncidentSourceKind;
  sourceRef: string | null;
}[] {
  return db
    .prepare(
      `SELECT playbook_id AS playbookId, group_id AS groupId, status, source_kind AS sourceKind, source_ref AS sourceRef
       FROM crisis_incidents WHERE status = 'open' OR source_kind = 'trigger'`,
    )
    .all() as ReturnType<typeof incidentsAnsweringSignals>;
}
