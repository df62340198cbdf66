/**
 * A stock file's rows as typed updates, each with the line it came from, and every problem named by
 * line and field: the same rules the API applies, checked before anything is sent.
 */
import { parse } from 'csv-parse/sync';
import type { VendorUpdate } from './types.js';

export interface RowProblem {
  line: number;
  field: string;
  message: string;
}

export interface ParsedRows {
  updates: (VendorUpdate & { line: number })[];
  problems: RowProblem[];
}

const CONDITIONS = ['MT', 'NM', 'EX', 'GD', 'LP', 'PL', 'PO'];

/**
 * Parses CSV with a header row. Only `sku` and `onHand` are required; `op` defaults to upsert,
 * `locationId` to `main`, `seq` to `defaultSeq` (the caller's time in ms) and `occurredAt` to now.
 */
export function parseStockCsv(text: string, o: { defaultSeq?: number; now?: Date } = {}): ParsedRows {
  const now = o.now ?? new Date();
  const defaultSeq = o.defaultSeq ?? now.getTime();
  const records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true, columns: true }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
  const updates: ParsedRows['updates'] = [];
  const problems: RowProblem[] = [];
  for (const { record: r, info } of records) {
    const line = info.lines;
    const mine: RowProblem[] = [];
    const bad = (field: string, message: string) => void mine.push({ line, field, message });
    const int = (field: string, v: string | undefined, required: boolean): number | undefined => {
      if (v === undefined || v === '') {
        if (required) bad(field, 'is required');
        return undefined;
      }
      if (!/^\d+$/.test(v)) {
        bad(field, 'must be a whole number >= 0');
        return undefined;
      }
      return Number(v);
    };
    const op = (r.op || 'upsert') as 'upsert' | 'delete';
    if (op !== 'upsert' && op !== 'delete') bad('op', 'must be "upsert" or "delete"');
    if (!r.sku) bad('sku', 'is required');
    const onHand = int('onHand', r.onHand, op === 'upsert');
    const seq = int('seq', r.seq, false) ?? defaultSeq;
    if (r.condition && !CONDITIONS.includes(r.condition)) bad('condition', `must be one of ${CONDITIONS.join(', ')}`);
    const amount = int('priceAmount', r.priceAmount, false);
    if ((amount === undefined) !== !r.priceCurrency && (r.priceAmount || r.priceCurrency)) bad(r.priceCurrency ? 'priceAmount' : 'priceCurrency', 'priceAmount and priceCurrency go together');
    if (mine.length) {
      problems.push(...mine);
      continue;
    }
    updates.push({
      line,
      op,
      sku: r.sku!,
      locationId: r.locationId || 'main',
      ...(onHand !== undefined ? { onHand } : {}),
      seq,
      occurredAt: r.occurredAt || now.toISOString(),
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.productId ? { productId: r.productId } : {}),
      ...(r.condition ? { condition: r.condition as VendorUpdate['condition'] } : {}),
      ...(r.language ? { language: r.language } : {}),
      ...(r.foil ? { foil: r.foil === 'true' || r.foil === '1' } : {}),
      ...(r.signed ? { signed: r.signed === 'true' || r.signed === '1' } : {}),
      ...(amount !== undefined && r.priceCurrency ? { price: { amount, currency: r.priceCurrency } } : {}),
    });
  }
  return { updates, problems };
}
