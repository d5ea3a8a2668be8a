/** One line of the benchmark's table. `ok` is absent where the figure has no target. */
export interface Row {
  scenario: string;
  measure: string;
  value: string;
  target?: string;
  ok?: boolean;
}

export interface ScenarioResult {
  rows: Row[];
  /** Raw figures for tooling, written to the JSON file as they are. */
  figures: Record<string, unknown>;
}

export const ms = (value: number) => `${value.toFixed(2)} ms`;
export const ratio = (value: number) => `${value.toFixed(2)}×`;
export const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** A plain-text table, columns padded to their widest cell. */
export function renderTable(rows: Row[]): string {
  const cells = [
    ['scenario', 'measure', 'value', 'target', 'met'],
    ...rows.map((r) => [r.scenario, r.measure, r.value, r.target ?? '', r.ok === undefined ? '' : r.ok ? 'yes' : 'NO']),
  ];
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}
