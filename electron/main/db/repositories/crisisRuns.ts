/** Incidents and drills (both are "runs" of a playbook version) and their shared timeline table. */
import type { InjectKind, TemplateKind } from '../../../../shared/domain/crisis/playbook';
import type {
  EvidenceKind,
  TimelineEvent,
  TimelineEventKind,
} from '../../../../shared/domain/crisis/timeline';
import type { IncidentSourceKind } from '../../../../shared/domain/crisis/views';
import type { Db } from '../connection';

export type RunRef = { incidentId: number } | { drillId: number };

export interface StoredEvent extends TimelineEvent {
  id: number;
}

interface EventDbRow {
  id: number;
  at: number;
  kind: TimelineEventKind;
  actor: string;
  step_id: string | null;
  payload: string;
}

interface EventPayload {
  text?: string;
  severity?: string;
  templateId?: string;
  channel?: TemplateKind;
  evidence?: { kind: EvidenceKind; id: number; label?: string };
}

function runColumn(ref: RunRef): { column: 'incident_id' | 'drill_id'; id: number } {
  return 'incidentId' in ref
    ? { column: 'incident_id', id: ref.incidentId }
    : { column: 'drill_id', id: ref.drillId };
}

export function insertEvent(db: Db, ref: RunRef, event: TimelineEvent): number {
  const { column, id } = runColumn(ref);
  const payload: EventPayload = {};
  if (event.text !== undefined) payload.text = event.text;
  if (event.severity !== undefined) payload.severity = event.severity;
  if (event.templateId !== undefined) payload.templateId = event.templateId;
  if (event.channel !== undefined) payload.channel = event.channel;
  if (event.evidence !== undefined) payload.evidence = event.evidence;
  const result = db
    .prepare(
      `INSERT INTO crisis_events (${column}, at, kind, actor, step_id, payload) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(id, event.at, event.kind, event.actor, event.stepId ?? null, JSON.stringify(payload));
  return Number(result.lastInsertRowid);
}

/** In time order, then in recorded order. */
export function listEvents(db: Db, ref: RunRef): StoredEvent[] {
  const { column, id } = runColumn(ref);
  const rows = db
    .prepare(
      `SELECT id, at, kind, actor, step_id, payload FROM crisis_events WHERE ${column} = ? ORDER BY at, id`,
    )
    .all(id) as EventDbRow[];
  return rows.map((row) => {
    const payload = JSON.parse(row.payload) as EventPayload;
    return {
      id: row.id,
      at: row.at,
      kind: row.kind,
      actor: row.actor,
      ...(row.step_id === null ? {} : { stepId: row.step_id }),
      ...payload,
    };
  });
}

// ---------------------------------------------------------------- incidents

export interface IncidentRow {
  id: number;
  title: string;
  playbookId: number;
  playbookVersion: number;
  playbookKey: string;
  playbookName: string;
  groupId: number | null;
  groupName: string | null;
  sourceKind: IncidentSourceKind;
  sourceRef: string | null;
  status: 'open' | 'closed';
  openedAt: number;
  openedBy: string;
  closedAt: number | null;
  review: string | null;
}

interface IncidentDbRow {
  id: number;
  title: string;
  playbook_id: number;
  playbook_version: number;
  playbook_key: string;
  playbook_name: string;
  group_id: number | null;
  group_name: string | null;
  source_kind: IncidentSourceKind;
  source_ref: string | null;
  status: 'open' | 'closed';
  opened_at: number;
  opened_by: string;
  closed_at: number | null;
  review: string | null;
}

const selectIncidents = `
  SELECT i.*, p.key AS playbook_key, p.name AS playbook_name, g.name AS group_name
  FROM crisis_incidents i
  JOIN crisis_playbooks p ON p.id = i.playbook_id
  LEFT JOIN groups g ON g.id = i.group_id`;

const toIncident = (row: IncidentDbRow): IncidentRow => ({
  id: row.id,
  title: row.title,
  playbookId: row.playbook_id,
  playbookVersion: row.playbook_version,
  playbookKey: row.playbook_key,
  playbookName: row.playbook_name,
  groupId: row.group_id,
  groupName: row.group_name,
  sourceKind: row.source_kind,
  sourceRef: row.source_ref,
  status: row.status,
  openedAt: row.opened_at,
  openedBy: row.opened_by,
  closedAt: row.closed_at,
  review: row.review,
});

export function insertIncident(
  db: Db,
  fields: {
    title: string;
    playbookId: number;
    playbookVersion: number;
    groupId: number | null;
    sourceKind: IncidentSourceKind;
    sourceRef: string | null;
    openedAt: number;
    openedBy: string;
  },
): number {
  const result = db
    .prepare(
      `INSERT INTO crisis_incidents (title, playbook_id, playbook_version, group_id, source_kind, source_ref, status, opened_at, opened_by)
       VALUES (@title, @playbookId, @playbookVersion, @groupId, @sourceKind, @sourceRef, 'open', @openedAt, @openedBy)`,
    )
    .run(fields);
  return Number(result.lastInsertRowid);
}

export function findIncident(db: Db, id: number): IncidentRow | null {
  const row = db.prepare(`${selectIncidents} WHERE i.id = ?`).get(id) as IncidentDbRow | undefined;
  return row ? toIncident(row) : null;
}

export function listIncidentRows(
  db: Db,
  filter: { status?: 'open' | 'closed'; offset: number; limit: number },
): { total: number; rows: IncidentRow[] } {
  const where = filter.status ? 'WHERE i.status = @status' : '';
  const params = { status: filter.status ?? null, offset: filter.offset, limit: filter.limit };
  const total = (
    db.prepare(`SELECT count(*) AS n FROM crisis_incidents i ${where}`).get(params) as { n: number }
  ).n;
  const rows = db
    .prepare(`${selectIncidents} ${where} ORDER BY i.opened_at DESC, i.id DESC LIMIT @limit OFFSET @offset`)
    .all(params) as IncidentDbRow[];
  return { total, rows: rows.map(toIncident) };
}

export function closeIncidentRow(db: Db, id: number, closedAt: number, review: string): void {
  db.prepare("UPDATE crisis_incidents SET status = 'closed', closed_at = ?, review = ? WHERE id = ?").run(
    closedAt,
    review,
    id,
  );
}

// ---------------------------------------------------------------- drills

export interface DrillRow {
  id: number;
  playbookId: number;
  playbookVersion: number;
  playbookKey: string;
  playbookName: string;
  scenarioId: string;
  participant: string;
  groupId: number | null;
  status: 'running' | 'finished';
  startedAt: number;
  finishedAt: number | null;
  score: number | null;
  scoreCard: string | null;
}

interface DrillDbRow {
  id: number;
  playbook_id: number;
  playbook_version: number;
  playbook_key: string;
  playbook_name: string;
  scenario_id: string;
  participant: string;
  group_id: number | null;
  status: 'running' | 'finished';
  started_at: number;
  finished_at: number | null;
  score: number | null;
  score_card: string | null;
}

const selectDrills = `
  SELECT d.*, p.key AS playbook_key, p.name AS playbook_name
  FROM crisis_drills d JOIN crisis_playbooks p ON p.id = d.playbook_id`;

const toDrill = (row: DrillDbRow): DrillRow => ({
  id: row.id,
  playbookId: row.playbook_id,
  playbookVersion: row.playbook_version,
  playbookKey: row.playbook_key,
  playbookName: row.playbook_name,
  scenarioId: row.scenario_id,
  participant: row.participant,
  groupId: row.group_id,
  status: row.status,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  score: row.score,
  scoreCard: row.score_card,
});

export interface InjectRow {
  seq: number;
  atSeconds: number;
  kind: InjectKind;
  from: string;
  text: string;
}

export function insertDrill(
  db: Db,
  fields: {
    playbookId: number;
    playbookVersion: number;
    scenarioId: string;
    participant: string;
    groupId: number | null;
    startedAt: number;
  },
  injects: readonly Omit<InjectRow, 'seq'>[],
): number {
  const result = db
    .prepare(
      `INSERT INTO crisis_drills (playbook_id, playbook_version, scenario_id, participant, group_id, status, started_at)
       VALUES (@playbookId, @playbookVersion, @scenarioId, @participant, @groupId, 'running', @startedAt)`,
    )
    .run(fields);
  const drillId = Number(result.lastInsertRowid);
  const insert = db.prepare(
    'INSERT INTO crisis_drill_injects (drill_id, seq, at_seconds, kind, sender, content) VALUES (?, ?, ?, ?, ?, ?)',
  );
  injects.forEach((inject, seq) =>
    insert.run(drillId, seq, inject.atSeconds, inject.kind, inject.from, inject.text),
  );
  return drillId;
}

export function findDrill(db: Db, id: number): DrillRow | null {
  const row = db.prepare(`${selectDrills} WHERE d.id = ?`).get(id) as DrillDbRow | undefined;
  return row ? toDrill(row) : null;
}

export function listDrillInjects(db: Db, drillId: number): InjectRow[] {
  return db
    .prepare(
      'SELECT seq, at_seconds AS atSeconds, kind, sender AS "from", content AS text FROM crisis_drill_injects WHERE drill_id = ? ORDER BY seq',
    )
    .all(drillId) as InjectRow[];
}

export function listDrillRows(
  db: Db,
  filter: { participant?: string; status?: 'running' | 'finished'; offset: number; limit: number },
): { total: number; rows: DrillRow[] } {
  const conditions = [
    ...(filter.participant !== undefined ? ['d.participant = @participant'] : []),
    ...(filter.status !== undefined ? ['d.status = @status'] : []),
  ];
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const params = {
    participant: filter.participant ?? null,
    status: filter.status ?? null,
    offset: filter.offset,
    limit: filter.limit,
  };
  const total = (
    db.prepare(`SELECT count(*) AS n FROM crisis_drills d ${where}`).get(params) as { n: number }
  ).n;
  const rows = db
    .prepare(`${selectDrills} ${where} ORDER BY d.started_at DESC, d.id DESC LIMIT @limit OFFSET @offset`)
    .all(params) as DrillDbRow[];
  return { total, rows: rows.map(toDrill) };
}

/** Every drill, oldest first, without score cards: the input of the per-admin overview. */
export function listDrillHistory(db: Db): Pick<DrillRow, 'participant' | 'status' | 'startedAt' | 'score'>[] {
  return db
    .prepare(
      'SELECT participant, status, started_at AS startedAt, score FROM crisis_drills ORDER BY started_at, id',
    )
    .all() as Pick<DrillRow, 'participant' | 'status' | 'startedAt' | 'score'>[];
}

export function finishDrillRow(
  db: Db,
  id: number,
  finishedAt: number,
  score: number,
  scoreCard: string,
): void {
  db.prepare(
    "UPDATE crisis_drills SET status = 'finished', finished_at = ?, score = ?, score_card = ? WHERE id = ?",
  ).run(finishedAt, score, scoreCard, id);
}

/** A group's name, or null when there is no such group. */
export function findGroupName(db: Db, groupId: number): string | null {
  const row = db.prepare('SELECT name FROM groups WHERE id = ?').get(groupId) as { name: string } | undefined;
  return row?.name ?? null;
}

/** Every group's id and name, without the counts `listGroups` computes. */
export function listGroupNames(db: Db): { id: number; name: string }[] {
  return db.prepare('SELECT id, name FROM groups ORDER BY created_at, id').all() as {
    id: number;
    name: string;
  }[];
}
