/**
 * Solar terms against published instants (equinoxes and solstices, UTC) and against the 寿星 day formula with its
 * documented exceptions, which is how almanacs list the dates for the 21st century.
 */
import { describe, expect, it } from 'vitest';
import {
  solarTerm,
  solarTermInstant,
  solarTermKeys,
  solarTermsBetween,
  type SolarTermKey,
} from '../../../shared/domain/calendar/solarTerms';

/** Equinoxes and solstices to the minute (UTC), as published by the almanac offices. */
const published: [number, SolarTermKey, string][] = [
  [2024, 'chunfen', '2024-03-20T03:06Z'],
  [2024, 'xiazhi', '2024-06-20T20:51Z'],
  [2024, 'qiufen', '2024-09-22T12:44Z'],
  [2024, 'dongzhi', '2024-12-21T09:21Z'],
  [2025, 'chunfen', '2025-03-20T09:01Z'],
  [2025, 'xiazhi', '2025-06-21T02:42Z'],
  [2025, 'qiufen', '2025-09-22T18:19Z'],
  [2025, 'dongzhi', '2025-12-21T15:03Z'],
  [2026, 'chunfen', '2026-03-20T14:46Z'],
  [2026, 'xiazhi', '2026-06-21T08:24Z'],
  [2026, 'qiufen', '2026-09-23T00:05Z'],
  [2026, 'dongzhi', '2026-12-21T20:50Z'],
  [2027, 'chunfen', '2027-03-20T20:25Z'],
  [2027, 'xiazhi', '2027-06-21T14:11Z'],
  [2027, 'qiufen', '2027-09-23T06:01Z'],
  [2027, 'dongzhi', '2027-12-22T02:42Z'],
];

/** The 寿星 formula's C for the 21st century, in `solarTermKeys` order: day = ⌊Y·0.2422 + C⌋ − ⌊L/4⌋. */
const formulaC = [
  5.4055, 20.12, 3.87, 18.73, 5.63, 20.646, 4.81, 20.1, 5.52, 21.04, 5.678, 21.37, 7.108, 22.83, 7.5, 23.13,
  7.646, 23.042, 8.318, 23.438, 7.438, 22.36, 7.18, 21.94,
];
/** Years where the formula is a day off, with the correction almanacs apply. */
const formulaExceptions: Record<string, number> = {
  '2002-liqiu': 1,
  '2019-xiaohan': -1,
  '2021-dongzhi': -1,
  '2026-yushui': -1,
};

function formulaDate(year: number, index: number): string {
  const y = year % 100;
  // January and February terms count the leap days up to the year before.
  const leapDays = Math.floor((index < 4 ? y - 1 : y) / 4);
  const key = solarTermKeys[index]!;
  const day =
    Math.floor(y * 0.2422 + formulaC[index]!) - leapDays + (formulaExceptions[`${year}-${key}`] ?? 0);
  const month = Math.floor(index / 2) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

describe('solar terms', () => {
  it.each(published)('%i %s falls within 12 minutes of the published instant', (year, key, instant) => {
    const computed = solarTermInstant(year, key);
    expect(Math.abs(computed - Date.parse(instant)) / 60_000).toBeLessThan(12);
  });

  it('dates 2019–2030 exactly as the almanac formula does, its known exceptions included', () => {
    const mismatches: string[] = [];
    for (let year = 2019; year <= 2030; year += 1) {
      solarTermKeys.forEach((key, index) => {
        const expected = formulaDate(year, index);
        const { date } = solarTerm(year, key);
        if (date !== expected) mismatches.push(`${year} ${key}: ${date} ≠ ${expected}`);
      });
    }
    expect(mismatches).toEqual([]);
  });

  it('dates terms close to Beijing midnight correctly (雨水 2026 at 23:44, 冬至 2021 at 23:59)', () => {
    expect(solarTerm(2026, 'yushui').date).toBe('2026-02-18');
    expect(solarTerm(2021, 'dongzhi').date).toBe('2021-12-21');
    expect(solarTerm(2019, 'xiaohan').date).toBe('2019-01-05');
  });

  it('lists the terms of Nov 2026 – Dec 2027, each well clear of midnight so its date is certain', () => {
    const terms = solarTermsBetween({ from: '2026-11-01', to: '2027-12-31' });
    expect(terms).toHaveLength(4 + 24);
    expect(terms.slice(0, 5).map((term) => [term.key, term.date])).toEqual([
      ['lidong', '2026-11-07'],
      ['xiaoxue', '2026-11-22'],
      ['daxue', '2026-12-07'],
      ['dongzhi', '2026-12-22'],
      ['xiaohan', '2027-01-05'],
    ]);
    expect(terms.find((term) => term.key === 'qingming' && term.date.startsWith('2027'))?.date).toBe(
      '2027-04-05',
    );
    // The method is good to about 12 minutes; every term of the range is further than that from midnight.
    expect(Math.min(...terms.map((term) => term.marginMinutes))).toBeGreaterThan(15);
    const dates = terms.map((term) => term.date);
    expect([...dates].sort()).toEqual(dates);
  });
});
