/**
 * The 24 solar terms (二十四节气): the instants the Sun's apparent ecliptic longitude reaches a multiple of 15°,
 * dated on the Beijing clock (UTC+8) as the Chinese calendar does. The Sun's position uses the low-precision
 * solar theory of Meeus, Astronomical Algorithms (2nd ed.), ch. 25 (mean longitude, equation of the centre,
 * nutation and aberration), solved for each term with Newton steps. It is good to about ±12 minutes, so a date
 * is only uncertain when its term falls within minutes of midnight in Beijing; `solarTermsBetween` reports
 * that margin so tests can show the dates they rely on are clear of it.
 */
import { dayMs, toLocal, type DateRange, type LocalDate } from './localTime';

/** In calendar-year order, from 小寒 (285°) to 冬至 (270°). */
export const solarTermKeys = [
  'xiaohan',
  'dahan',
  'lichun',
  'yushui',
  'jingzhe',
  'chunfen',
  'qingming',
  'guyu',
  'lixia',
  'xiaoman',
  'mangzhong',
  'xiazhi',
  'xiaoshu',
  'dashu',
  'liqiu',
  'chushu',
  'bailu',
  'qiufen',
  'hanlu',
  'shuangjiang',
  'lidong',
  'xiaoxue',
  'daxue',
  'dongzhi',
] as const;
export type SolarTermKey = (typeof solarTermKeys)[number];

export const solarTermNames: Readonly<Record<SolarTermKey, { 'zh-CN': string; en: string }>> = {
  xiaohan: { 'zh-CN': '小寒', en: 'Minor Cold' },
  dahan: { 'zh-CN': '大寒', en: 'Major Cold' },
  lichun: { 'zh-CN': '立春', en: 'Start of Spring' },
  yushui: { 'zh-CN': '雨水', en: 'Rain Water' },
  jingzhe: { 'zh-CN': '惊蛰', en: 'Awakening of Insects' },
  chunfen: { 'zh-CN': '春分', en: 'Spring Equinox' },
  qingming: { 'zh-CN': '清明', en: 'Pure Brightness' },
  guyu: { 'zh-CN': '谷雨', en: 'Grain Rain' },
  lixia: { 'zh-CN': '立夏', en: 'Start of Summer' },
  xiaoman: { 'zh-CN': '小满', en: 'Grain Buds' },
  mangzhong: { 'zh-CN': '芒种', en: 'Grain in Ear' },
  xiazhi: { 'zh-CN': '夏至', en: 'Summer Solstice' },
  xiaoshu: { 'zh-CN': '小暑', en: 'Minor Heat' },
  dashu: { 'zh-CN': '大暑', en: 'Major Heat' },
  liqiu: { 'zh-CN': '立秋', en: 'Start of Autumn' },
  chushu: { 'zh-CN': '处暑', en: 'End of Heat' },
  bailu: { 'zh-CN': '白露', en: 'White Dew' },
  qiufen: { 'zh-CN': '秋分', en: 'Autumn Equinox' },
  hanlu: { 'zh-CN': '寒露', en: 'Cold Dew' },
  shuangjiang: { 'zh-CN': '霜降', en: 'Frost Descent' },
  lidong: { 'zh-CN': '立冬', en: 'Start of Winter' },
  xiaoxue: { 'zh-CN': '小雪', en: 'Minor Snow' },
  daxue: { 'zh-CN': '大雪', en: 'Major Snow' },
  dongzhi: { 'zh-CN': '冬至', en: 'Winter Solstice' },
};

/** The Chinese calendar dates solar terms on Beijing time. */
export const beijingOffsetMinutes = 480;

const radians = Math.PI / 180;
const tropicalYearDays = 365.2422;
const unixEpochJulianDay = 2440587.5;
const j2000 = 2451545;

function normaliseDegrees(value: number): number {
  return ((value % 360) + 360) % 360;
}

/** The Sun's apparent geocentric longitude in degrees at a Julian Ephemeris Day (Meeus ch. 25). */
export function apparentSolarLongitude(julianEphemerisDay: number): number {
  const t = (julianEphemerisDay - j2000) / 36525;
  const meanLongitude = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
  const meanAnomaly = (357.52911 + 35999.05029 * t - 0.0001537 * t * t) * radians;
  const centre =
    (1.914602 - 0.004817 * t - 0.000014 * t * t) * Math.sin(meanAnomaly) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * meanAnomaly) +
    0.000289 * Math.sin(3 * meanAnomaly);
  const ascendingNode = (125.04 - 1934.136 * t) * radians;
  // 0.00569°: aberration; 0.00478° sin Ω: the main term of the nutation in longitude.
  return normaliseDegrees(meanLongitude + centre - 0.00569 - 0.00478 * Math.sin(ascendingNode));
}

/** Terrestrial minus universal time in seconds (Espenak and Meeus' polynomial for 2005–2050, fine a bit beyond). */
function deltaTSeconds(year: number): number {
  const t = year - 2000;
  return 62.92 + 0.32217 * t + 0.005589 * t * t;
}

/** The term's ecliptic longitude: 小寒 285°, 大寒 300°, …, 春分 0°, …, 冬至 270°. */
export function solarTermLongitude(key: SolarTermKey): number {
  return (285 + 15 * solarTermKeys.indexOf(key)) % 360;
}

/** The instant (epoch ms, UTC) of a solar term in a Gregorian year. */
export function solarTermInstant(year: number, key: SolarTermKey): number {
  const longitude = solarTermLongitude(key);
  // Start from the term's mean place relative to the March equinox (about 20 March).
  const degreesFromEquinox = longitude >= 285 ? longitude - 360 : longitude;
  let instant = Date.UTC(year, 2, 20) + (degreesFromEquinox / 360) * tropicalYearDays * dayMs;
  const deltaT = deltaTSeconds(year) / 86_400;
  for (let step = 0; step < 12; step += 1) {
    const julianEphemerisDay = instant / dayMs + unixEpochJulianDay + deltaT;
    const behind = ((longitude - apparentSolarLongitude(julianEphemerisDay) + 540) % 360) - 180;
    instant += (behind / 360) * tropicalYearDays * dayMs;
    if (Math.abs(behind) < 1e-8) break;
  }
  return Math.round(instant);
}

export interface SolarTerm {
  key: SolarTermKey;
  /** The Beijing date of the term. */
  date: LocalDate;
  /** The instant, epoch ms (UTC). */
  instant: number;
  /** Minutes between the instant and the nearer Beijing midnight: how far the date is from being in doubt. */
  marginMinutes: number;
}

export function solarTerm(year: number, key: SolarTermKey): SolarTerm {
  const instant = solarTermInstant(year, key);
  const local = toLocal(instant, beijingOffsetMinutes);
  return { key, date: local.date, instant, marginMinutes: Math.min(local.minutes, 1440 - local.minutes) };
}

/** Every solar term whose Beijing date lies in the range, in date order. */
export function solarTermsBetween(range: DateRange): SolarTerm[] {
  const terms: SolarTerm[] = [];
  for (let year = Number(range.from.slice(0, 4)); year <= Number(range.to.slice(0, 4)); year += 1) {
    for (const key of solarTermKeys) {
      const term = solarTerm(year, key);
      if (term.date >= range.from && term.date <= range.to) terms.push(term);
    }
  }
  return terms;
}
