/**
 * Trigger signals: "5 complaint hits in 10 minutes" → open the 舆论危机 playbook.
 *
 * A window is inclusive at both ends: hits at 10:00:00 and 10:10:00 are within a 10-minute window. Hits are counted
 * per group (a storm in one group must not be diluted, or inflated, by another); hits with no group form their own
 * bucket.
 */
import type { PlaybookTrigger } from './playbook';

export interface TriggerHit {
  /** Epoch milliseconds. */
  at: number;
  /** Sensitive-word category of the hit, e.g. `complaint`. */
  category: string;
  groupId?: number | null;
}

export interface TriggerSource {
  key: string;
  triggers: readonly PlaybookTrigger[];
}

export interface TriggerFiring {
  playbookKey: string;
  triggerId: string;
  groupId: number | null;
  /** Hits inside the window that fired. */
  count: number;
  threshold: number;
  windowMinutes: number;
  /** First and last hit of that window (epoch ms). */
  windowStart: number;
  firedAt: number;
  severity: string;
}

export interface EvaluateOptions {
  /**
   * Live mode: only the window ending at `now` counts (is it firing right now?). Without it the whole history is
   * scanned and each trigger reports the first moment it reached its threshold (or, with `latest`, the last one).
   */
  now?: number;
  /** Without `now`: report the most recent window reaching the threshold instead of the first (suggestions). */
  latest?: boolean;
}

const minute = 60_000;

function bucketByGroup(
  hits: readonly TriggerHit[],
  categories: ReadonlySet<string>,
): Map<number | null, number[]> {
  const buckets = new Map<number | null, number[]>();
  for (const hit of hits) {
    if (!categories.has(hit.category.toLowerCase())) continue;
    const group = hit.groupId ?? null;
    const times = buckets.get(group) ?? [];
    times.push(hit.at);
    buckets.set(group, times);
  }
  for (const times of buckets.values()) times.sort((a, b) => a - b);
  return buckets;
}

/** The first window (two pointers over sorted times) holding at least `threshold` hits; null when none does. */
export function firstWindowReaching(
  sortedTimes: readonly number[],
  threshold: number,
  windowMs: number,
): { start: number; end: number; count: number } | null {
  let left = 0;
  for (let right = 0; right < sortedTimes.length; right += 1) {
    const end = sortedTimes[right]!;
    while (end - sortedTimes[left]! > windowMs) left += 1;
    const count = right - left + 1;
    if (count >= threshold) return { start: sortedTimes[left]!, end, count };
  }
  return null;
}

/** The last window holding at least `threshold` hits (ending at the latest hit that completes one); null when none. */
export function lastWindowReaching(
  sortedTimes: readonly number[],
  threshold: number,
  windowMs: number,
): { start: number; end: number; count: number } | null {
  let found: { start: number; end: number; count: number } | null = null;
  let left = 0;
  for (let right = 0; right < sortedTimes.length; right += 1) {
    const end = sortedTimes[right]!;
    while (end - sortedTimes[left]! > windowMs) left += 1;
    const count = right - left + 1;
    if (count >= threshold) found = { start: sortedTimes[left]!, end, count };
  }
  return found;
}

function windowEndingAt(sortedTimes: readonly number[], now: number, windowMs: number) {
  const inside = sortedTimes.filter((at) => at <= now && now - at <= windowMs);
  return inside.length === 0 ? null : { start: inside[0]!, end: now, count: inside.length };
}

/** Which triggers of which playbooks fire for these hits; ordered by firing time, then playbook and trigger. */
export function evaluateTriggers(
  sources: readonly TriggerSource[],
  hits: readonly TriggerHit[],
  options: EvaluateOptions = {},
): TriggerFiring[] {
  const firings: TriggerFiring[] = [];
  for (const source of sources) {
    for (const trigger of source.triggers) {
      const windowMs = trigger.windowMinutes * minute;
      const categories = new Set(trigger.categories.map((category) => category.toLowerCase()));
      for (const [groupId, times] of bucketByGroup(hits, categories)) {
        const window =
          options.now !== undefined
            ? windowEndingAt(times, options.now, windowMs)
            : options.latest
              ? lastWindowReaching(times, trigger.threshold, windowMs)
              : firstWindowReaching(times, trigger.threshold, windowMs);
        if (!window || window.count < trigger.threshold) continue;
        firings.push({
          playbookKey: source.key,
          triggerId: trigger.id,
          groupId,
          count: window.count,
          threshold: trigger.threshold,
          windowMinutes: trigger.windowMinutes,
          windowStart: window.start,
          firedAt: window.end,
          severity: trigger.severity,
        });
      }
    }
  }
  return firings.sort(
    (a, b) =>
      a.firedAt - b.firedAt ||
      a.playbookKey.localeCompare(b.playbookKey) ||
      a.triggerId.localeCompare(b.triggerId) ||
      (a.groupId ?? -1) - (b.groupId ?? -1),
  );
}
