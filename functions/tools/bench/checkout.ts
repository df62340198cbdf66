/**
 * Checkout scenarios: reservations through the callable and through the use case, on distinct
 * SKUs and on one hot SKU, each beside its ceiling measured in the same run.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { emulatorIdToken } from '../auth-emulator';
import { emptyState } from '../../src/domain/inventory';
import { stockDoc } from '../../src/stock/stock-store';
import { CommandQueue } from '../../src/checkout/command-queue';
import { CheckoutService } from '../../src/checkout/service';
import { Ceiling } from './ceiling';
import { benchOffer, percentile, pool, record, timed } from './lib';

const BASE = `http://127.0.0.1:5001/${process.env.GCLOUD_PROJECT}/us-central1`;

const token = (uid: string) => emulatorIdToken(uid, {}, 'bench.example.com');

async function call(name: string, data: unknown, idToken: string): Promise<{ result?: Record<string, unknown>; error?: { status: string } }> {
  const res = await fetch(`${BASE}/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${idToken}` },
    body: JSON.stringify({ data }),
    signal: AbortSignal.timeout(90_000),
  });
  return (await res.json()) as { result?: Record<string, unknown>; error?: { status: string } };
}

/** `BENCH_OFFERS=1`: every SKU is a marketplace offer with its attributes (the cost of offers, A/B). */
const OFFERS = process.env.BENCH_OFFERS === '1';

async function seed(db: Firestore, skus: string[], units: number) {
  const now = Timestamp.now();
  for (let i = 0; i < skus.length; i += 400) {
    const b = db.batch();
    for (const sku of skus.slice(i, i + 400)) {
      const s = emptyState(sku, 5);
      s.locations['wh-01'] = { onHand: units, wmsOnHand: units, seq: 1, syncedAt: now.toMillis() };
      if (OFFERS) s.offer = benchOffer(sku);
      b.set(db.collection('inventory').doc(sku), stockDoc(s, 1, now));
    }
    await b.commit();
  }
}

interface Run {
  rate: number;
  p50: number;
  p99: number;
  ok: number;
  refused: number;
}

async function measure(n: number, concurrency: number, fn: (i: number) => Promise<boolean>): Promise<Run> {
  const lat: number[] = [];
  let ok = 0;
  let refused = 0;
  const t = await timed(() =>
    pool(Array.from({ length: n }, (_, i) => i), concurrency, async (i) => {
      const t0 = performance.now();
      if (await fn(i)) ok++;
      else refused++;
      lat.push(performance.now() - t0);
    }),
  );
  return { rate: n / (t.ms / 1000), p50: percentile(lat, 50), p99: percentile(lat, 99), ok, refused };
}

export async function checkoutBench(db: Firestore, ceil: Ceiling) {
  console.log('\n▶ checkout: reservations per second, p50/p99, beside their ceilings');
  // Per-shopper limits are on (the emulator's params: 5 open holds, 20 units per SKU, 60 requests
  // a minute per shopper), so the load comes from many shoppers, each doing what a shopper does:
  // every call goes to the next of 400 shoppers in turn (about 3 holds each over the whole run).
  const users = await Promise.all(Array.from({ length: 400 }, (_, i) => token(`bench-user-${i}`)));
  let turn = 0;
  const tok = (_i: number) => users[turn++ % users.length]!;

  // The Functions emulator runs each concurrent call in its own worker process; start them in
  // steps (a burst of cold starts on 2 cores times out) so every figure is of warm workers.
  const warm = async (fn: string, upTo: number) => {
    for (let c = 5; c <= upTo; c += 5) {
      const t0 = Date.now();
      await measure(c * 2, c, async (i) => !!(await call(fn, fn === 'ping' ? {} : { cartId: `warm-${c}-${i}`, items: [{ sku: 'WARM', quantity: 1 }] }, tok(i))));
      console.error(`  (warm ${fn} x${c}: ${Date.now() - t0} ms)`);
    }
  };
  const C = 20;
  await seed(db, ['WARM'], 1_000_000);
  await warm('ping', C);
  const noop = await measure(300, C, async (i) => !!(await call('ping', {}, tok(i))).result);
  record({ scenario: 'checkout', metric: `no-op callable (${C} concurrent)`, value: noop.rate, unit: 'calls/s' });
  await warm('reserveCart', 50);

  const distinct = Array.from({ length: 2000 }, (_, i) => `D-${i}`);
  await seed(db, distinct, 10);
  const viaCallable = await measure(300, C, async (i) => {
    const r = await call('reserveCart', { cartId: `bench-callable-${i}`, items: [{ sku: distinct[i]!, quantity: 1 }] }, tok(i));
    return r.result?.state === 'held';
  });
  record({ scenario: 'checkout', metric: 'reserveCart via callable, distinct SKUs', value: viaCallable.rate, unit: 'reservations/s', baseline: 'no-op callable', ratio: viaCallable.rate / noop.rate, target: '>= 0.70 of no-op', pass: viaCallable.rate / noop.rate >= 0.7 && viaCallable.refused === 0 });
  record({ scenario: 'checkout', metric: 'reserveCart via callable p50 / p99', value: viaCallable.p50, unit: `ms / ${Math.round(viaCallable.p99)} ms` });

  const limits = { maxOpenHoldsPerShopper: 5, maxUnitsPerSkuPerShopper: 20, shopperRequestsPerMinute: 60 };
  const services = Array.from({ length: 4 }, (_, k) => new CheckoutService(db, new CommandQueue(db, { defaultThreshold: 5, owner: `bench-${k}` }), { reservationTtlSeconds: 900, reservationMaxLifetimeSeconds: 2700, lowStockThreshold: 5, ...limits }));
  const direct = await measure(1000, 40, async (i) => {
    const r = await services[i % services.length]!.reserveCart(`direct-${i % 500}`, { cartId: `bench-direct-${i}`, items: [{ sku: distinct[300 + (i % 1700)]!, quantity: 1 }] });
    return r.state === 'held';
  });
  record({ scenario: 'checkout', metric: 'reserveCart use case, distinct SKUs (40 concurrent)', value: direct.rate, unit: 'reservations/s', baseline: 'raw transactions', ratio: direct.rate / ceil.transactionsPerSec, target: '>= 0.70 of raw tx', pass: direct.rate / ceil.transactionsPerSec >= 0.7 && direct.refused === 0 });
  record({ scenario: 'checkout', metric: 'reserveCart use case p50 / p99', value: direct.p50, unit: `ms / ${Math.round(direct.p99)} ms` });

  // One hot SKU, 50 concurrent buyers, more buyers than units.
  const UNITS = 150;
  await seed(db, ['HOT'], UNITS);
  const buyers = (sku: string, prefix: string) =>
    measure(200, 50, async (i) => {
      const r = await call('reserveCart', { cartId: `${prefix}-${i}`, items: [{ sku, quantity: 1 }] }, tok(i));
      if (r.result?.state === 'held') return true;
      if (r.error?.status !== 'FAILED_PRECONDITION') throw new Error(`unexpected answer ${JSON.stringify(r)}`);
      return false;
    });
  const hot = await buyers('HOT', 'bench-hot');
  const hotDoc = (await db.doc('inventory/HOT').get()).data()!;
  const held = (await db.collection('reservations').where('items', 'array-contains', { sku: 'HOT', quantity: 1 }).get()).size;
  const oversold = Math.max(0, hotDoc.reserved - UNITS) + (hot.ok > UNITS ? hot.ok - UNITS : 0);
  record({ scenario: 'checkout', metric: 'hot SKU via callable, 50 concurrent buyers', value: hot.rate, unit: 'calls/s', target: '>= 20/s, zero oversell', pass: hot.rate >= 20 && oversold === 0 && hotDoc.reserved === held && hot.ok === UNITS });
  record({ scenario: 'checkout', metric: 'hot SKU p50 / p99', value: hot.p50, unit: `ms / ${Math.round(hot.p99)} ms` });
  record({ scenario: 'checkout', metric: 'hot SKU held / refused / oversold', value: hot.ok, unit: `held / ${hot.refused} refused / ${oversold} oversold (reserved=${hotDoc.reserved})` });

  // The same flash sale announced in advance: an operator marked the SKU hot before it started.
  await seed(db, ['HOT-FLAGGED'], UNITS);
  await db.doc('hotSkus/HOT-FLAGGED').set({ until: Timestamp.fromMillis(Date.now() + 3_600_000), reason: 'flash sale' });
  await new Promise((r) => setTimeout(r, 2500)); // let every worker's hot-SKU cache refresh
  const flagged = await buyers('HOT-FLAGGED', 'bench-flagged');
  const flaggedDoc = (await db.doc('inventory/HOT-FLAGGED').get()).data()!;
  record({ scenario: 'checkout', metric: 'hot SKU pre-marked by an operator, 50 concurrent', value: flagged.rate, unit: 'calls/s', target: '>= 20/s, zero oversell', pass: flagged.rate >= 20 && flaggedDoc.reserved === UNITS && flagged.ok === UNITS });
  record({ scenario: 'checkout', metric: 'hot SKU pre-marked p50 / p99', value: flagged.p50, unit: `ms / ${Math.round(flagged.p99)} ms` });

  // Naive baseline: one transaction per buyer on the hot document.
  await seed(db, ['HOT-NAIVE'], UNITS);
  let aborted = 0;
  const naive = await measure(100, 50, async () =>
    db
      .runTransaction(async (tx) => {
        const ref = db.doc('inventory/HOT-NAIVE');
        const d = (await tx.get(ref)).data()!;
        if (d.available < 1) return false;
        tx.update(ref, { reserved: d.reserved + 1, available: d.available - 1 });
        return true;
      })
      // The naive design's own failure mode (lock timeouts after every retry) is part of its result.
      .catch(() => {
        aborted++;
        return false;
      }),
  );
  record({ scenario: 'checkout', metric: 'naive baseline: a transaction per buyer on the hot doc', value: naive.rate, unit: `tx/s (${aborted} of 100 failed after retries)`, baseline: 'hot SKU via callable', ratio: naive.rate / hot.rate });
}

/**
 * Contended checkout (#25): 60 shoppers, 300 carts of 1–3 lines over 12 SKUs that have 1–8 units
 * each, 20 carts at a time, through the reserveCart callable with the demo's limits on. Most
 * carts are refused (there are 54 units); what matters is how soon every shopper is answered,
 * and that nothing is oversold.
 */
export async function contendedBench(db: Firestore, runs = Number(process.env.BENCH_CONTENDED_RUNS ?? 1)): Promise<void> {
  console.log('\n▶ contended checkout: 60 shoppers, 300 carts over 12 SKUs with 1–8 units, 20 at a time (callables, limits on)');
  const tokens = await Promise.all(Array.from({ length: 60 }, (_, u) => token(`contended-${u}`)));
  // The Functions emulator runs each concurrent call in its own worker process (a deployed instance
  // takes 80 at once): 20 workers are warmed first, on a SKU of their own, so no cold start lands in
  // the figures.
  await seed(db, ['CT-WARM'], 10_000);
  const warmTokens = await Promise.all(Array.from({ length: 20 }, (_, i) => token(`contended-warm-${i}`)));
  for (let round = 0; round < 3; round++) {
    await Promise.all(warmTokens.map((t, i) => call('reserveCart', { cartId: `contended-warm-${round}-${i}`, items: [{ sku: 'CT-WARM', quantity: 1 }] }, t)));
  }
  for (let run = 1; run <= runs; run++) {
    const skus = Array.from({ length: 12 }, (_, i) => `CT${run}-${i}`);
    const units = new Map(skus.map((s, i) => [s, 1 + (i % 8)]));
    for (const [sku, n] of units) await seed(db, [sku], n);
    let seedN = 11 + run;
    const rnd = () => (seedN = (seedN * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const carts = Array.from({ length: 300 }, (_, i) => ({
      shopper: i % 60,
      items: Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({ sku: skus[Math.floor(rnd() * skus.length)]!, quantity: 1 + Math.floor(rnd() * 2) })),
    }));
    const outcomes = new Map<string, number>();
    const refusedLat: number[] = [];
    const heldLat: number[] = [];
    const heldUnits = new Map<string, number>();
    const r = await measure(carts.length, 20, async (i) => {
      const t0 = performance.now();
      const cart = carts[i]!;
      const res = await call('reserveCart', { cartId: `contended-${run}-${i}`, items: cart.items }, tokens[cart.shopper]!);
      const outcome = res.result?.state === 'held' ? 'held' : (res.error?.status ?? 'no answer');
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      (outcome === 'held' ? heldLat : refusedLat).push(performance.now() - t0);
      if (outcome === 'held') for (const l of cart.items) heldUnits.set(l.sku, (heldUnits.get(l.sku) ?? 0) + l.quantity);
      return outcome === 'held';
    });
    let oversold = 0;
    let inexact = 0;
    for (const [sku, n] of units) {
      const d = (await db.doc(`inventory/${sku}`).get()).data()!;
      oversold += Math.max(0, d.reserved - n);
      if (d.reserved !== (heldUnits.get(sku) ?? 0)) inexact++;
    }
    const mix = [...outcomes].map(([k, v]) => `${v} ${k}`).join(', ');
    record({ scenario: 'checkout', metric: `contended: 300 carts, 12 SKUs with 1–8 units, 20 at a time (run ${run})`, value: r.rate, unit: `carts/s (${mix})`, target: '>= 25/s, p99 <= 3 s, 0 oversell', pass: r.rate >= 25 && r.p99 <= 3000 && oversold === 0 && inexact === 0 });
    record({ scenario: 'checkout', metric: `contended p50 / p99 (run ${run})`, value: r.p50, unit: `ms / ${Math.round(r.p99)} ms; held p99 ${Math.round(percentile(heldLat, 99))} ms, refused p99 ${Math.round(percentile(refusedLat, 99))} ms; ${oversold} oversold, ${inexact} SKUs with reserved != held` });
  }
}
