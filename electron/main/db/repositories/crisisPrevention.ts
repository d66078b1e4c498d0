import type { PreventionStatus } from '../../../../shared/domain/crisis/views';
import type { Db } from '../connection';

export interface PreventionCheckRow {
  id: number;
  groupId: number;
  playbookId: number;
  playbookVersion: number;
  measureId: string;
  status: PreventionStatus;
  note: string;
  checkedAt: number;
  checkedBy: string;
}

export function insertPreventionCheck(db: Db, check: Omit<PreventionCheckRow, 'id'>): number {
  const result = db
    .prepare(
      `INSERT INTO crisis_prevention_checks (group_id, playbook_id, playbook_version, measure_id, status, note, checked_at, checked_by)
       VALUES (@groupId, @playbookId, @playbookVersion, @measureId, @status, @note, @checkedAt, @checkedBy)`,
    )
    .run(check);
  return Number(result.lastInsertRowid);
}

/** The latest check of every (group, playbook, measure), optionally for one group. */
export function latestPreventionChecks(db: Db, groupId?: number): PreventionCheckRow[] {
  return db
    .prepare(
      `SELECT id, group_id AS groupId, playbook_id AS playbookId, playbook_version AS playbookVersion, measure_id AS measureId,
              status, note, checked_at AS checkedAt, checked_by AS checkedBy
       FROM crisis_prevention_checks c
       WHERE (@groupId IS NULL OR c.group_id = @groupId)
         AND c.id = (SELECT c2.id FROM crisis_prevention_checks c2
                     WHERE c2.group_id = c.group_id AND c2.playbook_id = c.playbook_id AND c2.measure_id = c.measure_id
                     ORDER BY c2.checked_at DESC, c2.id DESC LIMIT 1)`,
    )
    .all({ groupId: groupId ?? null }) as PreventionCheckRow[];
}
