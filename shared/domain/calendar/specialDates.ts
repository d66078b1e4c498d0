/**
 * Festivals and special dates for planning topics: Chinese public holidays (with the official adjusted working
 * days, 调休, once announced), traditional and other festivals, commerce dates (双11, 618, 年货节 …) and the 24
 * solar terms. Holidays, festivals and commerce dates are data the team writes (resources/calendar/*.json, checked
 * with `specialDatesFileSchema`); solar terms are computed, with the team's topic ideas per term from the same files.
 */
import { z } from 'zod';
import type { Locale } from '../types';
import { isLocalDate, type DateRange, type LocalDate } from './localTime';
import { solarTermKeys, solarTermNames, solarTermsBetween, type SolarTermKey } from './solarTerms';

/** holiday: days off by law; workday: an adjusted working day (调休上班); festival: observed, not a day off. */
export const specialDateKinds = ['holiday', 'workday', 'festival', 'commerce', 'solar_term'] as const;
export type SpecialDateKind = (typeof specialDateKinds)[number];

export type Localized<T> = Record<Locale, T>;

export interface SpecialDate {
  /** Stable: the data entry's id, or `<year>-<term key>` for a solar term. */
  id: string;
  kind: SpecialDateKind;
  /** The days it covers, both included (one day for most). */
  from: LocalDate;
  to: LocalDate;
  name: Localized<string>;
  /** Topic ideas the team wrote for it. */
  topics: Localized<string[]>;
  /** A remark such as "dates differ by platform". */
  note: Localized<string> | null;
  /** A solar term's key and instant (ISO). */
  solarTerm: { key: SolarTermKey; at: string } | null;
}

const localDate = z.string().refine(isLocalDate, 'YYYY-MM-DD expected');
const localized = <T extends z.ZodType>(value: T) => z.object({ 'zh-CN': value, en: value }).strict();
const topics = localized(z.array(z.string().trim().min(1).max(200)).max(10));

const entrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,60}$/, 'lower-case letters, digits and dashes'),
    kind: z.enum(['holiday', 'workday', 'festival', 'commerce']),
    from: localDate,
    to: localDate,
    name: localized(z.string().trim().min(1).max(40)),
    topics: topics.default({ 'zh-CN': [], en: [] }),
    note: localized(z.string().trim().min(1).max(200)).nullable().default(null),
  })
  .strict()
  .refine((entry) => entry.to >= entry.from, { path: ['to'], message: 'to must not be before from' });

/** One data file: its entries and topic ideas per solar term (for any year). */
export const specialDatesFileSchema = z
  .object({
    $comment: z.string().optional(),
    /** The dates the file's holidays and commerce dates are complete for. */
    covers: z.object({ from: localDate, to: localDate }).strict(),
    dates: z.array(entrySchema),
    solarTermTopics: z.partialRecord(z.enum(solarTermKeys), topics).default({}),
  })
  .strict()
  .superRefine((file, context) => {
    const ids = new Set<string>();
    file.dates.forEach((entry, index) => {
      if (ids.has(entry.id))
        context.addIssue({ code: 'custom', path: ['dates', index, 'id'], message: 'duplicate id' });
      ids.add(entry.id);
    });
  });

export type SpecialDatesFile = z.output<typeof specialDatesFileSchema>;

/** The entries of the data files and the solar terms that touch the range, in date order. */
export function specialDatesBetween(files: readonly SpecialDatesFile[], range: DateRange): SpecialDate[] {
  const found: SpecialDate[] = [];
  const termTopics: Partial<Record<SolarTermKey, Localized<string[]>>> = {};
  for (const file of files) {
    Object.assign(termTopics, file.solarTermTopics);
    for (const entry of file.dates) {
      if (entry.to < range.from || entry.from > range.to) continue;
      found.push({ ...entry, solarTerm: null });
    }
  }
  for (const term of solarTermsBetween(range)) {
    found.push({
      id: `${term.date.slice(0, 4)}-${term.key}`,
      kind: 'solar_term',
      from: term.date,
      to: term.date,
      name: solarTermNames[term.key],
      topics: termTopics[term.key] ?? { 'zh-CN': [], en: [] },
      note: null,
      solarTerm: { key: term.key, at: new Date(term.instant).toISOString() },
    });
  }
  const order = (kind: SpecialDateKind) => specialDateKinds.indexOf(kind);
  return found.sort((a, b) => a.from.localeCompare(b.from) || order(a.kind) - order(b.kind));
}

/** The special dates on one day (a span counts on each of its days). */
export function specialDatesOn(dates: readonly SpecialDate[], date: LocalDate): SpecialDate[] {
  return dates.filter((special) => special.from <= date && special.to >= date);
}
