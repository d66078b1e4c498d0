/** Colours and small text helpers of the risk panel. */
import {
  wordFlagsOf,
  type SensitiveCategory,
  type SensitiveWord,
  type Severity,
} from '../../../../shared/domain/sensitive/types';

/** One Mantine colour per category, used for badges and highlighted spans alike. */
export const categoryColors: Record<SensitiveCategory, string> = {
  ads: 'orange',
  scam: 'red',
  competitor: 'yellow',
  privacy: 'blue',
  abuse: 'pink',
  crisis: 'violet',
  complaint: 'teal',
  custom: 'indigo',
};

export const severityColors: Record<Severity, string> = {
  low: 'gray',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};

export const severityOrder: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/** CSS variables that colour a highlighted span (and a message's left border) by category. */
export function markStyle(category: SensitiveCategory): Record<string, string> {
  const color = categoryColors[category];
  return {
    '--risk-mark-bg': `var(--mantine-color-${color}-light)`,
    '--risk-mark-line': `var(--mantine-color-${color}-filled)`,
  };
}

function csvCell(value: string): string {
  return /[",\r\n#]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A word as a line of the list editor: `word[,category,severity,options,action]`, the CSV row of a list file. */
export function wordLine(word: SensitiveWord): string {
  const flags = wordFlagsOf(word).join(';');
  const cells = [word.word, word.category ?? '', word.severity ?? '', flags, word.action ?? ''];
  while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
  return cells.map(csvCell).join(',');
}

export function wordLines(words: readonly SensitiveWord[]): string {
  return words.map(wordLine).join('\n');
}

/**
 * The word to show for a hit: the listed word, or for the scam detector its cue words (the engine reports
 * `rule:cue+cue`, e.g. `partTime:兼职+日赚`).
 */
export function displayWord(hit: { word: string; detector?: string | null | undefined }): string {
  return hit.detector === 'scam' && hit.word.includes(':')
    ? hit.word.slice(hit.word.indexOf(':') + 1)
    : hit.word;
}
