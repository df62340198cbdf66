/**
 * Loads the legacy system's export (CSV `sku,onHand`, the SKU's total) into `legacyStock/{sku}`,
 * for the dual-run report. Every row is validated; a bad row is reported by its line and field and
 * nothing of the file is written. With `replace`, SKUs absent from the file are removed (the file
 * is the legacy system's whole catalogue).
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { pagesById } from '../adapters/firestore-order';
import { z } from 'zod';
import { C } from '../adapters/collections';
import { skuId } from '../domain/ids';
import { parseCsv } from '../adapters/csv';
import { fieldErrors } from '../zod-errors';
import { DomainError } from '../errors';

const row = z.object({ sku: skuId, onHand: z.coerce.number().int().min(0).max(1_000_000_000) });

export async function importLegacyCounts(db: Firestore, csv: string, o: { replace: boolean }): Promise<{ imported: number; removed: number }> {
  const parsed = parseCsv(csv);
  const errors: { line: number; field: string; message: string }[] = parsed.errors.map((e) => ({ line: e.line, field: e.column ? `field ${e.column}` : '(row)', message: e.message }));
  for (const k of ['sku', 'onHand']) if (!parsed.header.includes(k)) errors.push({ line: 1, field: k, message: 'missing column' });
  const rows: { sku: string; onHand: number }[] = [];
  for (const raw of parsed.rows) {
    const r = row.safeParse(raw.values);
    if (r.success) rows.push(r.data);
    else for (const e of fieldErrors(r.error, '(row)')) errors.push({ line: raw.line, ...e });
  }
  if (errors.length) throw new DomainError('invalid-argument', `${errors.length} bad rows; nothing imported`, { errors: errors.slice(0, 100) });
  const at = Timestamp.now();
  for (let i = 0; i < rows.length; i += 450) {
    const b = db.batch();
    for (const r of rows.slice(i, i + 450)) b.set(db.collection(C.legacyStock).doc(r.sku), { onHand: r.onHand, importedAt: at });
    await b.commit();
  }
  let removed = 0;
  if (o.replace) {
    const keep = new Set(rows.map((r) => r.sku));
    for await (const docs of pagesById(db.collection(C.legacyStock).select())) {
      const gone = docs.filter((d) => !keep.has(d.id));
      for (let i = 0; i < gone.length; i += 450) {
        const b = db.batch();
        for (const d of gone.slice(i, i + 450)) b.delete(d.ref);
        await b.commit();
      }
      removed += gone.length;
    }
  }
  return { imported: rows.length, removed };
}
