/**
 * Quarantine of malformed WMS rows (`syncRejects/{id}`): kept with the reason and where they were
 * read, so a bad row never stops the feed and an operator can see it.
 */
import { createHash } from 'node:crypto';
import { FieldValue, Firestore } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { Rejected } from './look-ahead';
import { expireAt } from '../adapters/retention';

export async function quarantine(db: Firestore, connectorId: string, rows: Rejected[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) {
    const batch = db.batch();
    for (const r of rows.slice(i, i + 400)) {
      const rowJson = JSON.stringify(r.row.row) ?? 'undefined';
      // Deterministic id: re-reading the same page after a crash quarantines the same row once.
      const id = createHash('sha256').update(`${connectorId}|${r.cursor ?? ''}|${r.index}|${rowJson}`).digest('hex').slice(0, 32);
      batch.set(db.collection(C.syncRejects).doc(id), {
        connectorId,
        // The SKU the row names, when it names one as text: the trail of one SKU finds its rejects.
        ...(typeof (r.row.row as { sku?: unknown } | null)?.sku === 'string' ? { sku: String((r.row.row as { sku: string }).sku).slice(0, 256) } : {}),
        row: rowJson.slice(0, 10_000),
        reason: r.row.reason,
        cursor: r.cursor,
        receivedAt: FieldValue.serverTimestamp(),
        expireAt: expireAt('syncRejects'),
      });
    }
    await batch.commit();
  }
}
