/**
 * CSV as spreadsheets open it: UTF-8 with a byte-order mark (so Excel reads Indonesian text and
 * emoji correctly), CRLF line ends, RFC 4180 quoting. A text cell that a spreadsheet would run
 * as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe: titles come from pages.
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, string | number>[]): string {
  const lines = [columns.map(cell).join(',')];
  for (const row of rows) lines.push(columns.map((column) => cell(row[column] ?? '')).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
