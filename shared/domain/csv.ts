/** Writing CSV that Excel and WPS open as intended: UTF-8 with a BOM, CRLF lines, formulas neutralised. */

export type CsvValue = string | number | null;

export function csvCell(value: CsvValue): string {
  const text = value === null ? '' : String(value);
  // Leading = + - @ would run as a formula in Excel: a quote makes it text.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole file: BOM, an optional first line (e.g. a watermark, one cell), then the rows. */
export function csvDocument(rows: Iterable<readonly CsvValue[]>, firstLine?: string): string {
  const lines: string[] = firstLine === undefined ? [] : [csvCell(firstLine)];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
