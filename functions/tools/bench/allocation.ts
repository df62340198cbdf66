/**
 * What allocation costs at checkout, A/B in one session (`npm run bench -- allocation`): holds and
 * confirms through the checkout use case (CheckoutService over the command queue, per-shopper limits
 * on, 40 concurrent, distinct SKUs so the figure is the decision's cost, not contention), in
 * alternating rounds (after one warm-up round) so every variant sees the same machine; each figure
 * is the median over `BENCH_ALLOC_ROUNDS` rounds.
 *
 * - `off`: no allocation config (the behaviour before channels), SKUs over 3 locations;
 * - `off (A/A)`: the same again, the noise floor;
 * - `on, one location`: a config (one online channel, priority over the 3 locations, safety stock),
 *   carts one location serves (1 unit; 10 at each location);
 * - `on, split`: the same config, carts no single location can serve (5 units; 2 at each location),
 *   so each hold is split over 3 locations and its confirm sells from 3.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { emptyState } from '../../src/domain/inventory';
import { stockDoc } from '../../src/stock/stock-store';
import { CommandQueue } from '../../src/checkout/command-queue';
import { CheckoutService } from '../../src/checkout/service';
import { forgetAllocation, saveAllocation, allocationConfigSchema } from '../../src/adapters/allocation-config';
import { percentile, pool, record } from './lib';

type Variant = 'off' | 'off-b' | 'on' | 'split';
const VARIANTS: Variant[] = ['off', 'off-b', 'on', 'split'];
const LABEL: Record<Variant, string> = { off: 'allocation off', 'off-b': 'allocation off (A/A control)', on: 'allocation on, one-location carts', split: 'allocation on, split carts (3 locations)' };
const LOCATIONS = ['wh-a', 'wh-b', 'wh-c'];

const CONFIG = allocationConfigSchema.parse({
  channels: { online: { kind: 'online', locations: LOCATIONS, strategy: 'priority' } },
  locations: { 'wh-a': { priority: 1, safetyStock: 0 }, 'wh-b': { priority: 2, safetyStock: 0 }, 'wh-c': { priority: 3, safetyStock: 0 } },
  defaultChannel: 'online',
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function seed(db: Firestore, skus: string[], perLocation: number): Promise<void> {
  const now = Timestamp.now();
  for (let i = 0; i < skus.length; i += 400) {
    const b = db.batch();
    for (const sku of skus.slice(i, i + 400)) {
      const s = emptyState(sku, 1);
      for (const loc of LOCATIONS) s.locations[loc] = { onHand: perLocation, wmsOnHand: perLocation, seq: 1, syncedAt: now.toMillis() };
      b.set(db.collection('inventory').doc(sku), stockDoc(s, 1, now));
    }
    await b.commit();
  }
}

async function configure(db: Firestore, v: Variant): Promise<void> {
  if (v === 'on' || v === 'split') await saveAllocation(db, CONFIG, 'bench');
  else {
    await db.collection('allocationConfig').doc('current').delete();
    forgetAllocation();
  }
}

export async function allocationBench(db: Firestore): Promise<void> {
  const rounds = Number(process.env.BENCH_ALLOC_ROUNDS ?? 6);
  const carts = Number(process.env.BENCH_ALLOC_CARTS ?? 300);
  const C = 40;
  console.log(`\n▶ allocation: its cost at checkout, ${VARIANTS.map((v) => LABEL[v]).join(' / ')}; ${rounds} alternating rounds of ${carts} holds and confirms, ${C} concurrent (use case)`);
  const limits = { maxOpenHoldsPerShopper: 5, maxUnitsPerSkuPerShopper: 20, shopperRequestsPerMinute: 60 };
  const services = Array.from({ length: 4 }, (_, k) => new CheckoutService(db, new CommandQueue(db, { defaultThreshold: 1, owner: `bench-alloc-${k}` }), { reservationTtlSeconds: 900, reservationMaxLifetimeSeconds: 2700, lowStockThreshold: 1, ...limits }));
  const figures = new Map<Variant, { reserveRate: number[]; reserveP50: number[]; reserveP99: number[]; confirmP50: number[]; confirmP99: number[]; split: number; oversold: number }>(
    VARIANTS.map((v) => [v, { reserveRate: [], reserveP50: [], reserveP99: [], confirmP50: [], confirmP99: [], split: 0, oversold: 0 }]),
  );
  let shopper = 0;
  for (let round = -1; round < rounds; round++) {
    const order = round < 0 ? VARIANTS : VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]!);
    for (const v of order) {
      const tag = `${v}-${round + 1}`;
      const skus = Array.from({ length: carts }, (_, i) => `AL-${tag}-${i}`);
      const perLocation = v === 'split' ? 2 : 10;
      const quantity = v === 'split' ? 5 : 1;
      await seed(db, skus, perLocation);
      await configure(db, v);
      // Each cart has its own shopper (the limits are on, and never the bottleneck here).
      const uids = skus.map(() => `alloc-shopper-${shopper++}`);
      const held: string[] = [];
      const lat: number[] = [];
      const t0 = performance.now();
      await pool(skus.map((_, i) => i), C, async (i) => {
        const s = performance.now();
        const r = (await services[i % services.length]!.reserveCart(uids[i]!, { cartId: `c-${tag}-${i}`, items: [{ sku: skus[i]!, quantity }] })) as { reservationId: string; state: string };
        lat.push(performance.now() - s);
        if (r.state === 'held') held[i] = r.reservationId;
      });
      const reserveMs = performance.now() - t0;
      const confirmLat: number[] = [];
      await pool(skus.map((_, i) => i), C, async (i) => {
        const s = performance.now();
        await services[i % services.length]!.confirmReservation(uids[i]!, { reservationId: held[i]!, paymentId: `p-${tag}-${i}` });
        confirmLat.push(performance.now() - s);
      });
      if (round < 0) continue;
      const f = figures.get(v)!;
      f.reserveRate.push(carts / (reserveMs / 1000));
      f.reserveP50.push(percentile(lat, 50));
      f.reserveP99.push(percentile(lat, 99));
      f.confirmP50.push(percentile(confirmLat, 50));
      f.confirmP99.push(percentile(confirmLat, 99));
      // The check: every sale sold where it was held, no location below zero.
      const sample = await db.getAll(...skus.slice(0, 50).map((s) => db.collection('reservations').doc(held[skus.indexOf(s)]!)));
      f.split += sample.filter((d) => d.data()?.split === true).length;
      const docs = await db.getAll(...skus.slice(0, 50).map((s) => db.collection('inventory').doc(s)));
      for (const d of docs) for (const p of Object.values((d.data()?.locations ?? {}) as Record<string, { onHand: number }>)) if (p.onHand < 0) f.oversold++;
      console.error(`  (round ${round + 1} ${LABEL[v]}: ${Math.round(carts / (reserveMs / 1000))} holds/s, p50 ${Math.round(percentile(lat, 50))} ms)`);
    }
  }
  await configure(db, 'off');
  const base = figures.get('off')!;
  const baseP50 = median(base.reserveP50);
  for (const v of VARIANTS) {
    const f = figures.get(v)!;
    const p50 = median(f.reserveP50);
    const ratio = p50 / baseP50;
    const target = v === 'on' ? '<= 1.15 x off' : v === 'off-b' ? 'the noise floor' : v === 'split' ? 'every hold split, no location below 0' : undefined;
    record({
      scenario: 'allocation',
      metric: `${LABEL[v]}: reserve p50 / p99, confirm p50 / p99`,
      value: p50,
      unit: `ms / ${Math.round(median(f.reserveP99))} ms; confirm ${Math.round(median(f.confirmP50))} / ${Math.round(median(f.confirmP99))} ms; ${Math.round(median(f.reserveRate))} holds/s; ${f.split} of ${rounds * 50} sampled holds split; ${f.oversold} locations below 0`,
      ...(v === 'off' ? {} : { baseline: LABEL.off, ratio }),
      ...(target ? { target } : {}),
      ...(v === 'on' ? { pass: ratio <= 1.15 && f.oversold === 0 } : v === 'split' ? { pass: f.oversold === 0 && f.split === rounds * 50 } : {}),
    });
  }
}
