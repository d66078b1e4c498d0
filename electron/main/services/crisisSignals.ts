/**
 * Trigger signals over the review queue: after each risk scan the playbooks' triggers (e.g. 5 complaint hits in 10
 * minutes in one group) are evaluated against recent hits, and each burst becomes a suggestion to open an incident
 * (建议开启事件). Nothing opens by itself: the moderator accepts a suggestion (an incident, with the burst's messages
 * as evidence) or dismisses it. A burst already answered (dismissed, an incident opened from it, or an open
 * incident of that playbook in that group) is not suggested again; a new burst later is.
 */
import type { Locale } from '../../../shared/domain/types';
import { evaluateTriggers } from '../../../shared/domain/crisis/triggers';
import type { IncidentDetail, IncidentSuggestion } from '../../../shared/domain/crisis/views';
import { translate } from '../../../shared/i18n';
import { AppError } from '../../../shared/ipc/errors';
import { listCurrentDefinitions } from '../db/repositories/crisisPlaybooks';
import { listGroupNames } from '../db/repositories/crisisRuns';
import { incidentsAnsweringSignals, recentReviewHits } from '../db/repositories/crisisSignals';
import { getMeta, setMeta } from '../db/repositories/meta';
import type { ServiceContext } from './context';
import { getIncident, insertOpenedIncident, linkEvidence } from './crisisIncidents';
import { ensureStarterPlaybooks } from './crisisPlaybooks';
import { auditCrisis, iso, parseStoredDefinition } from './crisisRuns';

const dismissedMetaKey = 'crisis.dismissed_suggestions';
/** Dismissals remembered; older ones matter no more (their bursts left the look-back long ago). */
const keptDismissals = 500;
/** Messages of a burst linked as evidence when a suggestion is accepted. */
const evidenceMessages = 10;

/** One burst: which trigger of which playbook, in which group, over which window. */
interface BurstKey {
  playbookKey: string;
  triggerId: string;
  groupId: number | null;
  windowStart: number;
  firedAt: number;
}

export function suggestionKey(burst: BurstKey): string {
  return [burst.playbookKey, burst.triggerId, burst.groupId ?? 'none', burst.windowStart, burst.firedAt].join(
    ':',
  );
}

export function parseSuggestionKey(key: string): BurstKey | null {
  const parts = key.split(':');
  if (parts.length !== 5) return null;
  const [playbookKey, triggerId, group, start, fired] = parts as [string, string, string, string, string];
  const groupId = group === 'none' ? null : Number(group);
  const windowStart = Number(start);
  const firedAt = Number(fired);
  if (
    (groupId !== null && !Number.isSafeInteger(groupId)) ||
    !Number.isSafeInteger(windowStart) ||
    !Number.isSafeInteger(firedAt)
  )
    return null;
  return { playbookKey, triggerId, groupId, windowStart, firedAt };
}

/** Bursts answered so far, per playbook trigger and group: up to when (the answered burst's last hit). */
function answeredUntil(context: ServiceContext): Map<string, number> {
  const until = new Map<string, number>();
  const note = (burst: BurstKey | null) => {
    if (!burst) return;
    const slot = `${burst.playbookKey}:${burst.triggerId}:${burst.groupId ?? 'none'}`;
    until.set(slot, Math.max(until.get(slot) ?? 0, burst.firedAt));
  };
  for (const key of JSON.parse(getMeta(context.db, dismissedMetaKey) ?? '[]') as string[])
    note(parseSuggestionKey(key));
  for (const incident of incidentsAnsweringSignals(context.db)) {
    if (incident.sourceKind === 'trigger' && incident.sourceRef) note(parseSuggestionKey(incident.sourceRef));
  }
  return until;
}

export interface SuggestionOptions {
  /** Hits within this many days before the newest hit count. */
  lookbackDays: number;
}

/** The suggestions now, newest burst first; one per playbook and group (its most recent firing trigger). */
export function listIncidentSuggestions(
  context: ServiceContext,
  options: SuggestionOptions,
): IncidentSuggestion[] {
  return incidentSuggestions(context, options).map(
    ({ messageIds: _messageIds, ...suggestion }) => suggestion,
  );
}

/** The suggestions with the messages of each burst. */
function incidentSuggestions(
  context: ServiceContext,
  options: SuggestionOptions,
): (IncidentSuggestion & { messageIds: number[] })[] {
  ensureStarterPlaybooks(context);
  const hits = recentReviewHits(context.db, options.lookbackDays);
  if (hits.length === 0) return [];
  const playbooks = listCurrentDefinitions(context.db).map(({ row, definition }) => ({
    row,
    definition: parseStoredDefinition(definition),
  }));
  const byKey = new Map(playbooks.map((playbook) => [playbook.row.key, playbook]));
  const firings = evaluateTriggers(
    playbooks.map(({ row, definition }) => ({ key: row.key, triggers: definition.triggers })),
    hits,
    { latest: true },
  );
  const answered = answeredUntil(context);
  const openIncidents = new Set(
    incidentsAnsweringSignals(context.db)
      .filter((incident) => incident.status === 'open')
      .map((incident) => `${incident.playbookId}:${incident.groupId ?? 'none'}`),
  );
  const groupNames = new Map(listGroupNames(context.db).map((group) => [group.id, group.name]));
  const best = new Map<string, IncidentSuggestion & { messageIds: number[] }>();
  for (const firing of firings) {
    const playbook = byKey.get(firing.playbookKey)!;
    const slot = `${firing.playbookKey}:${firing.triggerId}:${firing.groupId ?? 'none'}`;
    if (firing.windowStart <= (answered.get(slot) ?? -Infinity)) continue;
    const place = `${playbook.row.id}:${firing.groupId ?? 'none'}`;
    if (openIncidents.has(place)) continue;
    const previous = best.get(place);
    if (previous && Date.parse(previous.firedAt) >= firing.firedAt) continue;
    const trigger = playbook.definition.triggers.find((candidate) => candidate.id === firing.triggerId)!;
    const categories = new Set(trigger.categories.map((category) => category.toLowerCase()));
    best.set(place, {
      ...firing,
      key: suggestionKey(firing),
      playbookId: playbook.row.id,
      playbookName: playbook.row.name,
      triggerLabel: trigger.label,
      groupName: firing.groupId === null ? null : (groupNames.get(firing.groupId) ?? null),
      severityLabel:
        playbook.definition.severityLevels.find((level) => level.id === firing.severity)?.label ??
        firing.severity,
      categories: [...categories],
      windowStart: iso(firing.windowStart),
      firedAt: iso(firing.firedAt),
      messageIds: [
        ...new Set(
          hits
            .filter(
              (hit) =>
                hit.groupId === firing.groupId &&
                hit.at >= firing.windowStart &&
                hit.at <= firing.firedAt &&
                categories.has(hit.category.toLowerCase()),
            )
            .map((hit) => hit.messageId),
        ),
      ],
    });
  }
  return [...best.values()].sort(
    (a, b) => b.firedAt.localeCompare(a.firedAt) || a.playbookName.localeCompare(b.playbookName, 'zh-CN'),
  );
}

/** The suggestion of `key`, or NOT_FOUND when it no longer stands (answered, or the hits were dismissed). */
function requireSuggestion(context: ServiceContext, key: string, lookbackDays: number) {
  const suggestion = incidentSuggestions(context, { lookbackDays }).find(
    (candidate) => candidate.key === key,
  );
  if (!suggestion) throw new AppError('NOT_FOUND', 'crisis.errors.suggestionGone');
  return suggestion;
}

/** Accepts a suggestion: an incident in the burst's group at the trigger's severity, the burst's messages as evidence. */
export function openIncidentFromSuggestion(
  context: ServiceContext,
  input: { key: string; lookbackDays: number },
  locale: Locale,
): IncidentDetail {
  const id = context.db.transaction(() => {
    const suggestion = requireSuggestion(context, input.key, input.lookbackDays);
    const incidentId = insertOpenedIncident(context, {
      playbookId: suggestion.playbookId,
      ...(suggestion.groupId === null ? {} : { groupId: suggestion.groupId }),
      severity: suggestion.severity,
      source: { kind: 'trigger', ref: suggestion.key },
      note: translate(locale, 'crisis.suggestions.note', {
        trigger: suggestion.triggerLabel,
        count: suggestion.count,
        minutes: suggestion.windowMinutes,
      }),
    });
    for (const messageId of suggestion.messageIds.slice(0, evidenceMessages))
      linkEvidence(context, incidentId, { kind: 'message', id: messageId });
    return incidentId;
  })();
  return getIncident(context, id, locale);
}

/** Dismisses a suggestion: that burst is not suggested again (a later burst of the same signal is). */
export function dismissSuggestion(context: ServiceContext, key: string): { dismissed: true } {
  const burst = parseSuggestionKey(key);
  if (!burst) throw new AppError('VALIDATION', 'crisis.errors.badSuggestionKey');
  context.db.transaction(() => {
    const keys = JSON.parse(getMeta(context.db, dismissedMetaKey) ?? '[]') as string[];
    if (!keys.includes(key)) keys.push(key);
    setMeta(context.db, dismissedMetaKey, JSON.stringify(keys.slice(-keptDismissals)));
    const playbookId = listCurrentDefinitions(context.db).find(({ row }) => row.key === burst.playbookKey)
      ?.row.id;
    if (playbookId === undefined) throw new AppError('VALIDATION', 'crisis.errors.badSuggestionKey');
    auditCrisis(context, 'playbook', playbookId, 'dismiss-suggestion', {
      trigger: burst.triggerId,
      group: burst.groupId,
      from: iso(burst.windowStart),
      to: iso(burst.firedAt),
    });
  })();
  return { dismissed: true };
}
