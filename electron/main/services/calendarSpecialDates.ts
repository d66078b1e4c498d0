/**
 * Festivals and special dates: the team's data files (resources/calendar/special-dates-*.json, one per period, read
 * once and checked against the schema) plus the computed solar terms.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DateRange } from '../../../shared/domain/calendar/localTime';
import {
  specialDatesBetween,
  specialDatesFileSchema,
  type SpecialDate,
  type SpecialDatesFile,
} from '../../../shared/domain/calendar/specialDates';
import { AppError } from '../../../shared/ipc/errors';
import { resourcesSubdir } from './resources';

const filePattern = /^special-dates-.+\.json$/;

/** Parses and checks one data file; a broken file names itself and its first problem. */
export function parseSpecialDatesFile(name: string, content: string): SpecialDatesFile {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw new AppError('BAD_FILE', 'calendar.errors.specialDatesFile', {
      file: name,
      problem: (error as Error).message,
    });
  }
  const parsed = specialDatesFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('BAD_FILE', 'calendar.errors.specialDatesFile', {
      file: name,
      problem: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
    });
  }
  return parsed.data;
}

/** Every data file in a folder, in name order. */
export function loadSpecialDatesFiles(dir: string | null): SpecialDatesFile[] {
  if (dir === null) return [];
  return readdirSync(dir)
    .filter((name) => filePattern.test(name))
    .sort()
    .map((name) => parseSpecialDatesFile(name, readFileSync(join(dir, name), 'utf8')));
}

let shipped: SpecialDatesFile[] | null = null;

/** The shipped files, read on first use (they do not change while the app runs). */
function shippedFiles(): SpecialDatesFile[] {
  shipped ??= loadSpecialDatesFiles(resourcesSubdir('calendar'));
  return shipped;
}

export function specialDatesIn(range: DateRange): SpecialDate[] {
  return specialDatesBetween(shippedFiles(), range);
}
