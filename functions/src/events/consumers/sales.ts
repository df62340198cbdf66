import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { readStocks, writeInTransaction } from '../../stock/stock-store';
import { markAcked, readFulfillment, saleLines } from '../../stock/fulfillment-store';
import { acknowledgeSale } from '../../domain/inventory';
import { StockEvent } from '../../domain/events';
import { SalesSink } from '../../stock/ports';
import { InventoryCloudEvent } from '../schema';
import { loadAllocation } from '../../adapters/allocation-config';

/**
 * The sales sink: a committed sale is reported to the WMS (idempotent on the sale id there);
 * its acknowledgements tell each SKU from which WMS seq on its counts reflect the sale.
 */
export async function forwardSale(db: Firestore, sink: SalesSink, e: InventoryCloudEvent, defaultThreshold: number): Promise<{ forwarded: boolean }> {
  await loadAllocation(db);
  if (e.type !== 'inventory.committed' || !e.data.reservationId) return { forwarded: false };
  const saleId = e.data.reservationId;
  const f = await readFulfillment(db, saleId);
  if (!f || f.wmsState === 'acked') return { forwarded: false };
  const acks = await sink.reportSale(saleId, saleLines(f));
  await db.runTransaction(async (tx) => {
    const skus = [...new Set(acks.map((a) => a.sku))];
    const stocks = await readStocks((...refs) => tx.getAll(...refs), db, skus, defaultThreshold);
    const now = Timestamp.now();
    for (const stock of stocks) {
      if (!stock.exists) continue;
      let next = stock.state;
      const events: StockEvent[] = [];
      for (const a of acks.filter((x) => x.sku === stock.sku)) {
        const r = acknowledgeSale(next, `${saleId}:${stock.sku}`, a.locationId, a.ackSeq, 'wms');
        next = r.state;
        events.push(...r.events);
      }
      if (next === stock.state) continue;
      writeInTransaction(tx, db, stock, next, events, now);
    }
    markAcked(tx, db, saleId, acks, now);
  });
  return { forwarded: true };
}

