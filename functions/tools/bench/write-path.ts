/**
 * The sync's write path, A/B in one session: the same stock updates (8 of 20 locations changed,
 * one event each) committed through the SDK's WriteBatch and through the lean wire path the
 * applier uses, alternating so both see the same machine. Node CPU per SKU shows where the time goes.
 */
import { FieldPath, Firestore, Timestamp } from 'firebase-admin/firestore';
import { emptyState, StockState } from '../../src/domain/inventory';
import { stockDoc, stockUpdate } from '../../src/stock/stock-store';
import { WireBatch, WireClient } from '../../src/adapters/firestore-wire';
import { cpuMsOf, FIRESTORE_EMULATOR, pidsMatching, record } from './lib';

const COLL = 'benchWritePath';
const SKUS = 4000;

function state(sku: string, v: number, changed: number): StockState {
  const s = emptyState(sku, 5);
  for (let k = 0; k < 20; k++) {
    const n = k < changed ? v : 0;
    s.locations[`LOC-${String(k).padStart(2, '0')}`] = { onHand: 10 + n, wmsOnHand: 10 + n, seq: 1 + n, syncedAt: 1_700_000_000_000 + n };
  }
  s.syncedAt = 1_700_000_000_000 + v;
  return s;
}

/** CPU milliseconds used so far by the Firestore emulator's JVM (Linux /proc), or null elsewhere. */
export function emulatorCpuMs(): number | null {
  return cpuMsOf(pidsMatching(FIRESTORE_EMULATOR));
}

async function round(db: Firestore, path: 'sdk' | 'wire', v: number, updateTimes: Map<string, Timestamp>): Promise<{ perSec: number; cpuMsPerSku: number; emulatorMsPerSku: number }> {
  const wire = WireClient.for(db);
  const ids = Array.from({ length: SKUS }, (_, i) => `W-${i}`);
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += 100) chunks.push(ids.slice(i, i + 100));
  const cpu0 = process.cpuUsage();
  const java0 = emulatorCpuMs();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        const now = Timestamp.now();
        const refs = chunk.map((sku) => db.collection(COLL).doc(sku));
        const updates = chunk.map((sku) => ({ sku, fields: stockUpdate(state(sku, v - 1, 8), state(sku, v, 8), v, now) }));
        const evs = chunk.map((sku) => ({ ref: db.collection(`${COLL}Events`).doc(), data: { type: 'inventory.synced', sku, data: { sku, delta: 8, before: { onHand: 200, reserved: 0, available: 200 }, after: { onHand: 208, reserved: 0, available: 208 }, source: 'wms' }, version: v, ordinal: 0, createdAt: now, published: false, expireAt: now } }));
        let times: Timestamp[];
        if (path === 'sdk') {
          const b = db.batch();
          updates.forEach((u, i) => {
            const [first, ...rest] = u.fields.map(([segs, val]) => [new FieldPath(...segs), val] as const);
            b.update(refs[i]!, first![0], first![1], ...rest.flat(), { lastUpdateTime: updateTimes.get(u.sku)! });
            b.create(evs[i]!.ref, evs[i]!.data);
          });
          times = (await b.commit()).map((r) => r.writeTime);
        } else {
          const b = new WireBatch(wire);
          updates.forEach((u, i) => {
            b.update(refs[i]!, u.fields, { lastUpdateTime: updateTimes.get(u.sku)! });
            b.create(evs[i]!.ref, evs[i]!.data);
          });
          times = await b.commit();
        }
        chunk.forEach((sku, i) => updateTimes.set(sku, times[2 * i]!));
      }
    }),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const java1 = emulatorCpuMs();
  return { perSec: SKUS / (ms / 1000), cpuMsPerSku: (cpu.user + cpu.system) / 1000 / SKUS, emulatorMsPerSku: java0 === null || java1 === null ? NaN : (java1 - java0) / SKUS };
}

/** Resolves with the lean path's SKU updates/s with 500 documents listened to: the sync's floor. */
export async function writePathBench(db: Firestore): Promise<number> {
  console.log(`\n▶ sync write path: ${SKUS.toLocaleString()} stock updates (8 of 20 locations) + events, SDK vs lean wire path, alternating`);
  const updateTimes = new Map<string, Timestamp>();
  for (let i = 0; i < SKUS; i += 400) {
    const b = db.batch();
    const ids = Array.from({ length: Math.min(400, SKUS - i) }, (_, k) => `W-${i + k}`);
    for (const sku of ids) b.create(db.collection(COLL).doc(sku), stockDoc(state(sku, 0, 8), 0, Timestamp.now()));
    (await b.commit()).forEach((r, k) => updateTimes.set(ids[k]!, r.writeTime));
  }
  const res: Record<'sdk' | 'wire' | 'listened', { perSec: number; cpuMsPerSku: number; emulatorMsPerSku: number }[]> = { sdk: [], wire: [], listened: [] };
  let v = 1;
  for (let r = 0; r < 2; r++) {
    for (const path of ['sdk', 'wire'] as const) res[path].push(await round(db, path, v++, updateTimes));
    // The emulator matches every write against every open listener (production's listeners are
    // served apart from the writer): the same writes with 500 documents of the collection listened to.
    const ready: Promise<void>[] = [];
    const unsubs = Array.from({ length: 500 }, (_, i) => {
      let first!: () => void;
      ready.push(new Promise<void>((r) => (first = r)));
      return db.doc(`${COLL}/W-${i * Math.floor(SKUS / 500)}`).onSnapshot(() => first());
    });
    await Promise.all(ready);
    res.listened.push(await round(db, 'wire', v++, updateTimes));
    unsubs.forEach((u) => u());
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sdk = mean(res.sdk.map((x) => x.perSec));
  const wire = mean(res.wire.map((x) => x.perSec));
  record({ scenario: 'sync write path', metric: 'SDK WriteBatch: SKU updates + events', value: sdk, unit: `SKUs/s (rounds ${res.sdk.map((x) => Math.round(x.perSec)).join(', ')}; Node CPU ${mean(res.sdk.map((x) => x.cpuMsPerSku)).toFixed(3)} ms/SKU, emulator CPU ${mean(res.sdk.map((x) => x.emulatorMsPerSku)).toFixed(3)} ms/SKU)` });
  record({ scenario: 'sync write path', metric: 'lean wire path (the applier): SKU updates + events', value: wire, unit: `SKUs/s (rounds ${res.wire.map((x) => Math.round(x.perSec)).join(', ')}; Node CPU ${mean(res.wire.map((x) => x.cpuMsPerSku)).toFixed(3)} ms/SKU, emulator CPU ${mean(res.wire.map((x) => x.emulatorMsPerSku)).toFixed(3)} ms/SKU)`, baseline: 'SDK WriteBatch', ratio: wire / sdk });
  const listened = mean(res.listened.map((x) => x.perSec));
  record({ scenario: 'sync write path', metric: 'lean wire path, 500 of the documents listened to', value: listened, unit: `SKUs/s (rounds ${res.listened.map((x) => Math.round(x.perSec)).join(', ')})`, baseline: 'lean wire path', ratio: listened / wire });
  return listened;
}
