/**
 * CSV through maintained libraries (csv-parse, csv-stringify): vendor uploads and the legacy
 * export in, exports out. Reading: a BOM is dropped, quoted fields may hold commas, quotes and
 * line breaks, empty lines are skipped, cells are trimmed and stay strings (the row schemas coerce
 * and validate them, so errors name the column). An unclosed quote or text after a closing quote
 * is an error naming its line and field, never a silently swallowed rest of the file.
 */
import { parse, CsvError } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export interface CsvRow {
  /** The line of the file the record ends on (1-based; a quoted field may span lines). */
  line: number;
  values: Record<string, string>;
}

export interface CsvResult {
  header: string[];
  rows: CsvRow[];
  /** `column` is the 1-based field number, where the parser knows it. */
  errors: { line: number; column?: number; message: string }[];
}

export function parseCsv(text: string): CsvResult {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const e = err as CsvError & { lines?: number; column?: number };
    const message = err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed' : err.code === 'CSV_INVALID_CLOSING_QUOTE' ? 'text after a closing quote' : err.message;
    return { header: [], rows: [], errors: [{ line: e.lines ?? 0, ...(typeof e.column === 'number' ? { column: e.column + 1 } : {}), message }] };
  }
  const [head, ...body] = records;
  const header = head?.record ?? [];
  const errors: CsvResult['errors'] = [];
  const rows = body.map(({ record, info }) => {
    if (record.length !== header.length) errors.push({ line: info.lines, message: `expected ${header.length} columns, found ${record.length}` });
    return { line: info.lines, values: Object.fromEntries(header.map((h, k) => [h, record[k] ?? ''])) };
  });
  return { header, rows, errors };
}

/** Lines of CSV for already-prepared cells (quoting as RFC 4180 needs it). */
export function csvLines(rows: readonly (readonly (string | number)[])[]): string {
  return stringify(rows as (string | number)[][]);
}
