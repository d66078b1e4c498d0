/** Pure evaluation: a value against its bands (RAG), a value against the previous equal period (trend), and the
 * short "what changed" list a health card leads with. */
import { metricDefinitions, type Bands, type HealthMetricId } from './metrics';

export const rags = ['green', 'amber', 'red'] as const;
export type Rag = (typeof rags)[number];

/** Where a value falls; null when there is no value or the metric has no bands. */
export function ragOf(metric: HealthMetricId, value: number | null, bands: Bands | null): Rag | null {
  const direction = metricDefinitions[metric].direction;
  if (value === null || bands === null || direction === 'neutral') return null;
  if (direction === 'higherIsBetter')
    return value < bands.red ? 'red' : value < bands.amber ? 'amber' : 'green';
  return value > bands.red ? 'red' : value > bands.amber ? 'amber' : 'green';
}

const ragRank: Record<Rag, number> = { green: 0, amber: 1, red: 2 };

/** The worst of several bands; null when none is known. */
export function worstRag(values: readonly (Rag | null)[]): Rag | null {
  let worst: Rag | null = null;
  for (const value of values) {
    if (value !== null && (worst === null || ragRank[value] > ragRank[worst])) worst = value;
  }
  return worst;
}

export type TrendDirection = 'up' | 'down' | 'flat' | 'unknown';
/** Whether the move is good news, given the metric's direction. */
export type TrendVerdict = 'better' | 'worse' | 'neutral';

export interface Trend {
  direction: TrendDirection;
  verdict: TrendVerdict;
  /** current − previous, in the metric's unit; null when either side is missing. */
  delta: number | null;
}

export function trendOf(metric: HealthMetricId, current: number | null, previous: number | null): Trend {
  if (current === null || previous === null) return { direction: 'unknown', verdict: 'neutral', delta: null };
  const definition = metricDefinitions[metric];
  const delta = current - previous;
  const tolerance =
    'absolute' in definition.flatWithin
      ? definition.flatWithin.absolute
      : definition.flatWithin.relative * Math.abs(previous);
  if (Math.abs(delta) <= tolerance) return { direction: 'flat', verdict: 'neutral', delta };
  const direction = delta > 0 ? 'up' : 'down';
  if (definition.direction === 'neutral') return { direction, verdict: 'neutral', delta };
  const good = (direction === 'up') === (definition.direction === 'higherIsBetter');
  return { direction, verdict: good ? 'better' : 'worse', delta };
}

/** One metric of one period, as a card compares it. */
export interface MetricReading {
  metric: HealthMetricId;
  current: number | null;
  previous: number | null;
  bands: Bands | null;
}

export interface MetricChange {
  metric: HealthMetricId;
  kind: 'bandWorse' | 'bandBetter' | 'moved';
  from: number;
  to: number;
  fromRag: Rag | null;
  toRag: Rag | null;
  verdict: TrendVerdict;
}

/**
 * What changed since the previous period, most important first: bands that got worse (to red before to amber),
 * bands that got better, then health metrics that moved, then context figures; within each, the largest move
 * relative to the previous value. Flat moves are left out.
 */
export function describeChanges(readings: readonly MetricReading[], limit = 3): MetricChange[] {
  const changes: (MetricChange & { weight: number })[] = [];
  for (const reading of readings) {
    const { metric, current, previous, bands } = reading;
    if (current === null || previous === null) continue;
    const trend = trendOf(metric, current, previous);
    if (trend.direction === 'flat') continue;
    const fromRag = ragOf(metric, previous, bands);
    const toRag = ragOf(metric, current, bands);
    const base = { metric, from: previous, to: current, fromRag, toRag, verdict: trend.verdict };
    const move = previous === 0 ? 1 : Math.abs(current - previous) / Math.abs(previous);
    if (fromRag !== null && toRag !== null && fromRag !== toRag) {
      const worse = ragRank[toRag] > ragRank[fromRag];
      // Bands outrank any plain move: 300+ for worse (higher for red), 200+ for better.
      changes.push({
        ...base,
        kind: worse ? 'bandWorse' : 'bandBetter',
        weight: (worse ? 300 : 200) + ragRank[toRag] * 10 + move,
      });
    } else {
      // A health metric moving (better or worse) outranks context figures, whose relative moves are often large
      // on small bases (net growth +5 → −7).
      changes.push({
        ...base,
        kind: 'moved',
        weight: (trend.verdict === 'neutral' ? 0 : 100) + Math.min(move, 99),
      });
    }
  }
  return changes
    .sort((a, b) => b.weight - a.weight)
    .slice(0, limit)
    .map(({ weight: _weight, ...change }) => change);
}
