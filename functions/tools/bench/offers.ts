/**
 * The cost of marketplace offers, A/B in one emulator session: the same work on plain SKUs and on
 * offers (a stock document with the offer's attributes, events naming the vendor), in alternating
 * rounds so both sides see the same machine. Two paths:
 * - the sync's write path: the real CountApplier applying 8 of 20 locations per SKU;
 * - checkout: the real reserveCart use case on distinct SKUs.
 * Beside each rate: the CPU each side cost per unit of work (Node and the Firestore emulator's JVM),
 * which moves far less between runs than wall-clock rates on a shared 2-core machine.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { emptyState } from '../../src/domain/inventory';
import { LocationChange } from '../../src/domain/sequence';
import { stockDoc } from '../../src/stock/stock-store';
import { CountApplier } from '../../src/stock/count-applier';
import { CommandQueue } from '../../src/checkout/command-queue';
import { CheckoutService } from '../../src/checkout/service';
import { emulatorCpuMs } from './write-path';
import { benchOffer, percentile, pool, record } from './lib';

type Side = 'plain' | 'offers';
const SIDES: Side[] = ['plain', 'offers'];
const LOCATIONS = 20;
const CHANGED = 8;

interface Sample {
  perSec: number;
  nodeMsPerUnit: number;
  emulatorMsPerUnit: number;
  p50?: number;
  p99?: number;
}

/** Medians, not means: one round that meets the emulator JVM's garbage collection costs 3-4x the others. */
const median = (xs: number[]) => percentile(xs, 50);

async function seed(db: Firestore, ids: string[], side: Side, locations: number, units: number): Promise<void> {
  const now = Timestamp.now();
  for (let i = 0; i < ids.length; i += 400) {
    const b = db.batch();
    for (const sku of ids.slice(i, i + 400)) {
      const s = emptyState(sku, 5);
      for (let k = 0; k < locations; k++) s.locations[`LOC-${String(k).padStart(2, '0')}`] = { onHand: units, wmsOnHand: units, seq: 1, syncedAt: now.toMillis() };
      // BENCH_OFFERS_CONTROL=1: an A/A control, the offers side's ids and rounds without the attributes.
      if (side === 'offers' && process.env.BENCH_OFFERS_CONTROL !== '1') s.offer = benchOffer(sku);
      b.set(db.collection('inventory').doc(sku), stockDoc(s, 1, now));
    }
    await b.commit();
  }
}

async function measured(units: number, work: () => Promise<void>): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const java0 = emulatorCpuMs();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const java1 = emulatorCpuMs();
  return { perSec: units / (ms / 1000), nodeMsPerUnit: (cpu.user + cpu.system) / 1000 / units, emulatorMsPerUnit: java0 === null || java1 === null ? NaN : (java1 - java0) / units };
}

function report(scenario: string, what: string, unit: string, res: Record<Side, Sample[]>, extra = false): void {
  // Medians over the rounds of each side.
  const agg = (side: Side) => ({
    perSec: median(res[side].map((s) => s.perSec)),
    node: median(res[side].map((s) => s.nodeMsPerUnit)),
    emu: median(res[side].map((s) => s.emulatorMsPerUnit)),
    p50: median(res[side].map((s) => s.p50 ?? NaN)),
    p99: median(res[side].map((s) => s.p99 ?? NaN)),
  });
  const plain = agg('plain');
  const offers = agg('offers');
  for (const [side, a] of [['plain', plain], ['offers', offers]] as const) {
    const rounds = res[side].map((s) => Math.round(s.perSec)).join(', ');
    record({
      scenario,
      metric: `${what}, ${side}`,
      value: a.perSec,
      unit: `${unit} (rounds ${rounds}; Node CPU ${a.node.toFixed(3)} ms, emulator CPU ${a.emu.toFixed(3)} ms per unit${extra ? `; p50 ${a.p50.toFixed(0)} ms, p99 ${a.p99.toFixed(0)} ms` : ''})`,
      ...(side === 'offers' ? { baseline: `${what}, plain`, ratio: a.perSec / plain.perSec, target: '>= 0.95 of plain', pass: a.perSec / plain.perSec >= 0.95 } : {}),
    });
  }
  record({ scenario, metric: `${what}: emulator CPU per unit, offers / plain`, value: offers.emu / plain.emu, unit: 'x' });
  record({ scenario, metric: `${what}: Node CPU per unit, offers / plain`, value: offers.node / plain.node, unit: 'x' });
  if (extra) {
    record({ scenario, metric: `${what}: p50 offers / plain`, value: offers.p50 / plain.p50, unit: 'x', target: '<= 1.05', pass: offers.p50 / plain.p50 <= 1.05 });
    record({ scenario, metric: `${what}: p99 offers / plain`, value: offers.p99 / plain.p99, unit: 'x' });
  }
}

/** The sync's write path: the applier writing 8 changed locations of `skus` SKUs, one round per side, alternating. */
async function writePath(db: Firestore, rounds: number, skus: number): Promise<void> {
  console.log(`\n▶ offers vs plain SKUs: the sync's write path (CountApplier, ${skus.toLocaleString()} SKUs x ${CHANGED} of ${LOCATIONS} locations), ${rounds} rounds per side, alternating`);
  const ids = (side: Side) => Array.from({ length: skus }, (_, i) => `${side === 'offers' ? 'v-bench~' : 'SKU-'}${String(i).padStart(5, '0')}`);
  for (const side of SIDES) await seed(db, ids(side), side, LOCATIONS, 10);
  const applier = new CountApplier(db, { defaultThreshold: 5 });
  const res: Record<Side, Sample[]> = { plain: [], offers: [] };
  // Round -1 warms both sides up (JIT, connections) and is not counted.
  for (let r = -1; r < rounds; r++) {
    for (const side of r % 2 ? [...SIDES].reverse() : SIDES) {
      const now = Date.now();
      const bySku = new Map<string, LocationChange[]>();
      for (const sku of ids(side)) {
        bySku.set(sku, Array.from({ length: CHANGED }, (_, k) => ({ sku, locationId: `LOC-${String(k).padStart(2, '0')}`, onHand: 12 + r, seq: 3 + r, updatedAt: now, deleted: false })));
      }
      const s = await measured(skus, async () => {
        const stats = await applier.apply(bySku, 'wms', { trail: true });
        if (stats.skusWritten !== skus) throw new Error(`${side}: wrote ${stats.skusWritten} of ${skus} SKUs`);
      });
      if (r >= 0) res[side].push(s);
    }
  }
  report('offers A/B', 'sync write path', 'SKUs/s', res);
}

/** Checkout: the reserveCart use case on distinct SKUs (40 concurrent), alternating sides. */
async function reserve(db: Firestore, rounds: number, perRound: number): Promise<void> {
  console.log(`\n▶ offers vs plain SKUs: reserveCart use case, distinct SKUs, ${perRound} reservations x ${rounds} rounds per side, alternating`);
  const ids = (side: Side) => Array.from({ length: perRound * rounds }, (_, i) => `${side === 'offers' ? 'v-bench~R' : 'R-'}${String(i).padStart(5, '0')}`);
  for (const side of SIDES) await seed(db, ids(side), side, 1, 10);
  const limits = { maxOpenHoldsPerShopper: 5, maxUnitsPerSkuPerShopper: 20, shopperRequestsPerMinute: 1_000_000 };
  const services = Array.from({ length: 4 }, (_, k) => new CheckoutService(db, new CommandQueue(db, { defaultThreshold: 5, owner: `bench-offers-${k}` }), { reservationTtlSeconds: 900, reservationMaxLifetimeSeconds: 2700, lowStockThreshold: 5, ...limits }));
  // Warm both paths (connections, the hot-SKU cache) before anything is measured.
  await pool(Array.from({ length: 40 }, (_, i) => i), 20, async (i) => {
    await services[i % 4]!.reserveCart(`warm-${i}`, { cartId: `offers-warm-${i}`, items: [{ sku: ids(i % 2 ? 'offers' : 'plain')[perRound * rounds - 1 - i]!, quantity: 1 }] });
  });
  const res: Record<Side, Sample[]> = { plain: [], offers: [] };
  let shopper = 0;
  for (let r = 0; r < rounds; r++) {
    for (const side of r % 2 ? [...SIDES].reverse() : SIDES) {
      const skus = ids(side).slice(r * perRound, (r + 1) * perRound);
      const lat: number[] = [];
      const s = await measured(perRound, () =>
        pool(skus, 40, async (sku) => {
          const t0 = performance.now();
          const out = await services[shopper % 4]!.reserveCart(`offers-shopper-${shopper++}`, { cartId: `offers-${side}-${r}-${shopper}`, items: [{ sku, quantity: 1 }] });
          if (out.state !== 'held') throw new Error(`${side}: ${sku} was not held (${out.state})`);
          lat.push(performance.now() - t0);
        }),
      );
      res[side].push({ ...s, p50: percentile(lat, 50), p99: percentile(lat, 99) });
    }
  }
  report('offers A/B', 'reserveCart use case', 'reservations/s', res, true);
}

export async function offersBench(db: Firestore): Promise<void> {
  await writePath(db, Number(process.env.BENCH_OFFERS_ROUNDS ?? 12), 4000);
  await reserve(db, Number(process.env.BENCH_OFFERS_ROUNDS ?? 12), 300);
}
