/** A vendor CSV upload as a push payload: the columns checked, every malformed line named. */
import { DomainError } from '../errors';
import { parseCsv } from '../adapters/csv';

export const CSV_COLUMNS = ['op', 'sku', 'locationId', 'onHand', 'seq', 'occurredAt'] as const;

export function csvPayload(text: string, source: unknown, batchId: unknown): { source: unknown; batchId: unknown; updates: Record<string, string>[] } {
  const csv = parseCsv(text);
  const missing = CSV_COLUMNS.filter((c) => !csv.header.includes(c));
  if (missing.length) throw new DomainError('invalid-argument', 'malformed CSV', { errors: missing.map((c) => ({ field: c, message: 'column is missing' })) });
  if (csv.errors.length) {
    throw new DomainError('invalid-argument', 'malformed CSV', { errors: csv.errors.map((e) => ({ field: `line ${e.line}${e.column ? `, field ${e.column}` : ''}`, message: e.message })) });
  }
  return { source, batchId, updates: csv.rows.map((r) => r.values) };
}
