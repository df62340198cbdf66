import { initializeApp } from 'firebase-admin/app';
import { getFirestore, Firestore, Timestamp } from 'firebase-admin/firestore';
import { emptyState, StockState } from '../../src/domain/inventory';
import { stockDoc, stockUpdate } from '../../src/stock/stock-store';
import { WireBatch, WireClient } from '../../src/adapters/firestore-wire';
import { emulatorCpuMs } from './write-path';
import { benchOffer } from './lib';

type V = { name: string; prefix: string; offerDoc: boolean; vendorEvent: boolean };
const VARIANTS: V[] = [
  { name: 'plain', prefix: 'P-', offerDoc: false, vendorEvent: false },
  { name: 'offer doc', prefix: 'D-', offerDoc: true, vendorEvent: false },
  { name: 'vendor event', prefix: 'E-', offerDoc: false, vendorEvent: true },
  { name: 'offer id', prefix: 'v-bench~', offerDoc: false, vendorEvent: false },
  { name: 'all', prefix: 'v-bench~A', offerDoc: true, vendorEvent: true },
];
const N = 4000;
function state(sku: string, v: number, offer: boolean): StockState {
  const s = emptyState(sku, 5);
  for (let k = 0; k < 20; k++) { const n = k < 8 ? v : 0; s.locations[`LOC-${String(k).padStart(2, '0')}`] = { onHand: 10 + n, wmsOnHand: 10 + n, seq: 1 + n, syncedAt: 1_700_000_000_000 + n }; }
  s.syncedAt = 1_700_000_000_000 + v;
  if (offer) s.offer = benchOffer(sku);
  return s;
}
async function round(db: Firestore, x: V, v: number, times: Map<string, Timestamp>) {
  const wire = WireClient.for(db);
  const ids = Array.from({ length: N }, (_, i) => `${x.prefix}${String(i).padStart(5, '0')}`);
  const chunks: string[][] = []; for (let i = 0; i < N; i += 200) chunks.push(ids.slice(i, i + 200));
  const j0 = emulatorCpuMs()!; const t0 = performance.now(); let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => { while (next < chunks.length) { const chunk = chunks[next++]!; const now = Timestamp.now(); const b = new WireBatch(wire);
    for (const sku of chunk) {
      b.update(db.collection('inventory').doc(sku), stockUpdate(state(sku, v - 1, x.offerDoc), state(sku, v, x.offerDoc), v, now), { lastUpdateTime: times.get(sku)! });
      const data: Record<string, unknown> = { sku, delta: 8, before: { onHand: 200, reserved: 0, available: 200 }, after: { onHand: 208, reserved: 0, available: 208 }, source: 'wms' };
      if (x.vendorEvent) data.vendorId = 'v-bench';
      b.create(db.collection('inventoryEvents').doc(), { type: 'inventory.synced', sku, source: 'wms', data, version: v, ordinal: 0, createdAt: now, published: false, expireAt: now, ...(x.vendorEvent ? { vendorId: 'v-bench' } : {}) });
    }
    const t = await b.commit(); chunk.forEach((sku, i) => times.set(sku, t[2 * i]!)); } }));
  return { perSec: N / ((performance.now() - t0) / 1000), emu: (emulatorCpuMs()! - j0) / N };
}
async function main() {
  const db = getFirestore(initializeApp({ projectId: process.env.GCLOUD_PROJECT }));
  const times = new Map<string, Timestamp>();
  for (const x of VARIANTS) for (let i = 0; i < N; i += 400) { const b = db.batch(); const ids = Array.from({ length: 400 }, (_, k) => `${x.prefix}${String(i + k).padStart(5, '0')}`); for (const sku of ids) b.set(db.collection('inventory').doc(sku), stockDoc(state(sku, 0, x.offerDoc), 0, Timestamp.now())); (await b.commit()).forEach((r, k) => times.set(ids[k]!, r.writeTime)); }
  const res = new Map<string, { perSec: number; emu: number }[]>();
  let v = 1;
  for (let r = 0; r < 5; r++) for (const x of r % 2 ? [...VARIANTS].reverse() : VARIANTS) { const o = await round(db, x, v, times); (res.get(x.name) ?? res.set(x.name, []).get(x.name)!).push(o); if (x === VARIANTS[VARIANTS.length - 1] || x === VARIANTS[0]) v += 0; }
  for (const [k, xs] of res) console.log(k.padEnd(14), 'rate', Math.round(xs.reduce((a, b) => a + b.perSec, 0) / xs.length), 'emuCPU ms/SKU', (xs.reduce((a, b) => a + b.emu, 0) / xs.length).toFixed(3), xs.map((x) => x.emu.toFixed(2)).join(' '));
  process.exit(0);
}
void main();
