/** Helpers for checkout tests: seeded stock, services as separate "instances", invariant checks. */
import assert from 'node:assert/strict';
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { emptyState } from '../../src/domain/inventory';
import { stockDoc } from '../../src/stock/stock-store';
import { CommandQueue } from '../../src/checkout/command-queue';
import { CheckoutService } from '../../src/checkout/service';
import { ExpiryScheduler } from '../../src/checkout/ports';

export async function seedStock(db: Firestore, stock: Record<string, number | Record<string, number>>, threshold = 2): Promise<void> {
  const batch = db.batch();
  const now = Timestamp.now();
  for (const [sku, q] of Object.entries(stock)) {
    const s = emptyState(sku, threshold);
    const perLoc = typeof q === 'number' ? { 'wh-01': q } : q;
    for (const [loc, n] of Object.entries(perLoc)) s.locations[loc] = { onHand: n, wmsOnHand: n, seq: 1, syncedAt: now.toMillis() };
    batch.set(db.collection('inventory').doc(sku), stockDoc(s, 1, now));
  }
  await batch.commit();
}

/** Records the timers a real scheduler would set (the Cloud Tasks adapter is tested separately). */
export class RecordingScheduler implements ExpiryScheduler {
  readonly timers: { reservationId: string; expiresAt: number }[] = [];
  async schedule(reservationId: string, expiresAt: number): Promise<void> {
    this.timers.push({ reservationId, expiresAt });
  }
}

export function makeService(db: Firestore, owner: string, cfg: Partial<{ ttl: number; max: number; limits: { holds: number; units: number; perMinute: number } }> = {}, scheduler = new RecordingScheduler()) {
  const queue = new CommandQueue(db, {
    defaultThreshold: 2,
    owner,
    onProcessed: async (ps) => {
      for (const p of ps) if (p.scheduleExpiry) await scheduler.schedule(p.scheduleExpiry.reservationId, p.scheduleExpiry.expiresAt);
    },
  });
  const limits = cfg.limits ? { maxOpenHoldsPerShopper: cfg.limits.holds, maxUnitsPerSkuPerShopper: cfg.limits.units, shopperRequestsPerMinute: cfg.limits.perMinute } : {};
  return { service: new CheckoutService(db, queue, { reservationTtlSeconds: cfg.ttl ?? 900, reservationMaxLifetimeSeconds: cfg.max ?? 2700, lowStockThreshold: 2, ...limits }), queue, scheduler };
}

/** reserved == sum of held quantities, available == max(0, onHand - reserved), nothing negative. */
export async function assertAccounting(db: Firestore, skus: string[]): Promise<Map<string, number>> {
  const held = new Map<string, number>();
  const res = await db.collection('reservations').where('state', '==', 'held').get();
  for (const d of res.docs) for (const l of d.data().items as { sku: string; quantity: number }[]) held.set(l.sku, (held.get(l.sku) ?? 0) + l.quantity);
  const snaps = await db.getAll(...skus.map((s) => db.collection('inventory').doc(s)));
  for (const s of snaps) {
    const d = s.data()!;
    assert.equal(d.reserved, held.get(s.id) ?? 0, `${s.id}: reserved ${d.reserved} vs held ${held.get(s.id) ?? 0}`);
    assert.ok(d.onHand >= 0 && d.reserved >= 0 && d.available >= 0, `${s.id}: nothing negative`);
    assert.equal(d.available, Math.max(0, d.onHand - d.reserved), `${s.id}: available derived`);
    const locSum = Object.values(d.locations as Record<string, { onHand: number }>).reduce((n, p) => n + p.onHand, 0);
    assert.equal(d.onHand, locSum, `${s.id}: onHand is the sum over locations`);
  }
  return held;
}

export async function rejects(p: Promise<unknown>, code: string, field?: RegExp): Promise<void> {
  await assert.rejects(p, (err: { code?: string; message?: string }) => {
    assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
    if (field) assert.match(err.message ?? '', field);
    return true;
  });
}
