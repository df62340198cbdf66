/**
 * Vendor feeds: a 5,000-row stock file through each way a vendor sends it, in alternating rounds of
 * one emulator session, timed from sending to the job applied (`done`):
 * - the API push (one signed JSON batch of 5,000 rows, POST /v1/inventory/sync);
 * - the panel's upload (the CSV file, POST /v1/vendor/drops with the vendor user's ID token);
 * - a Cloud Storage drop (the file in the local bucket directory and the finalize CloudEvent to the
 *   Functions emulator, as `npm run drop` sends it; the trigger reads the file from disk).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { emulatorIdToken } from '../auth-emulator';
import { dropLocally } from '../drop';
import { emptyState } from '../../src/domain/inventory';
import { offerIdFor } from '../../src/domain/offer';
import { stockDoc } from '../../src/stock/stock-store';
import { signRequest } from '../../src/ingest/signature';
import { percentile, record } from './lib';

const API = `http://127.0.0.1:5001/${process.env.GCLOUD_PROJECT}/us-central1/api`;
const ROWS = 5000;
const VENDOR = 'v-bench-feed';
type Path = 'push' | 'upload' | 'storage';

async function seed(db: Firestore): Promise<void> {
  const t = Timestamp.now();
  await db.doc('products/card-0001').set({ name: 'Black Lotus (Alpha)' });
  await db.doc(`vendors/${VENDOR}`).set({ vendorId: VENDOR, name: 'Bench Feeds', status: 'active', feedCadenceMinutes: 15, contactEmails: [], lowStockThreshold: 2, staleFeedPolicy: 'keep_selling', createdAt: t, updatedAt: t, lastFeedAt: t });
  for (let i = 0; i < ROWS; i += 400) {
    const b = db.batch();
    for (let k = i; k < Math.min(ROWS, i + 400); k++) {
      const s = emptyState(offerIdFor(VENDOR, code(k)), 2);
      s.locations.main = { onHand: 50, wmsOnHand: 50, seq: 1, syncedAt: t.toMillis() };
      s.offer = { vendorId: VENDOR, vendorSku: code(k), productId: 'card-0001', condition: 'NM', language: 'en', foil: false, signed: false, price: { amount: 1000, currency: 'EUR' } };
      b.set(db.doc(`inventory/${s.sku}`), stockDoc(s, 1, t));
    }
    await b.commit();
  }
}

const code = (k: number) => `F${String(k).padStart(5, '0')}`;

async function doneWithin(db: Firestore, batchRef: string, t0: number): Promise<number> {
  for (;;) {
    const b = (await db.doc(`ingestBatches/${batchRef}`).get()).data();
    const j = b ? (await db.doc(`ingestJobs/${b.jobId as string}`).get()).data() : undefined;
    if (j?.state === 'done') return Date.now() - t0;
    if (j && ['failed', 'held_for_review'].includes(j.state as string)) throw new Error(`job ${b!.jobId as string}: ${j.state as string} ${String(j.error ?? '')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function feedsBench(db: Firestore): Promise<void> {
  const rounds = Number(process.env.BENCH_FEEDS_ROUNDS ?? 6);
  console.log(`\n▶ vendor feeds: ${ROWS.toLocaleString()} rows by API push, panel upload and Cloud Storage drop, ${rounds} rounds each, alternating`);
  await seed(db);
  const token = await emulatorIdToken('bench-feeds', { vendorId: VENDOR });
  const key = ((await (await fetch(`${API}/v1/vendor/keys`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { secret: string }).secret;
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-feeds-'));
  const times: Record<Path, number[]> = { push: [], upload: [], storage: [] };
  let seq = 2;
  for (let r = -1; r < rounds; r++) {
    // Round -1 warms every path up and is not counted; each round starts with the next path.
    const paths: Path[] = ['push', 'upload', 'storage'];
    const shift = Math.max(0, r) % 3;
    for (const p of [...paths.slice(shift), ...paths.slice(0, shift)]) {
      seq++;
      const occurredAt = new Date().toISOString();
      const rows = Array.from({ length: ROWS }, (_, k) => ({ sku: code(k), onHand: 45 + ((seq + k) % 10), seq, occurredAt, locationId: 'main', op: 'upsert' }));
      const t0 = Date.now();
      let batchRef: string;
      if (p === 'push') {
        const batchId = `bench-push-${seq}`;
        const body = JSON.stringify({ source: VENDOR, batchId, updates: rows });
        const sig = signRequest(key, { method: 'POST', path: '/v1/inventory/sync', query: '', headers: {}, body }, Math.floor(Date.now() / 1000));
        const res = await fetch(`${API}/v1/inventory/sync`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-inventory-signature': sig }, body });
        if (res.status !== 202) throw new Error(`push answered ${res.status}: ${await res.text()}`);
        batchRef = `${VENDOR}:${batchId}`;
      } else {
        const csv = ['sku,locationId,onHand,seq,occurredAt', ...rows.map((x) => `${x.sku},main,${x.onHand},${x.seq},${x.occurredAt}`)].join('\n');
        if (p === 'upload') {
          const res = await fetch(`${API}/v1/vendor/drops?name=stock-${seq}.csv`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` }, body: csv });
          if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
          batchRef = `${VENDOR}:${((await db.doc(`ingestJobs/${((await res.json()) as { jobId: string }).jobId}`).get()).data()!.batchId as string)}`;
        } else {
          const file = path.join(dir, `stock-${seq}.csv`);
          writeFileSync(file, csv);
          batchRef = `${VENDOR}:${(await dropLocally(VENDOR, file)).batchId}`;
        }
      }
      const ms = await doneWithin(db, batchRef, t0);
      if (r >= 0) times[p].push(ms);
    }
  }
  const name: Record<Path, string> = { push: 'API push (one signed batch)', upload: 'panel upload (POST /v1/vendor/drops)', storage: 'Cloud Storage drop (finalize event -> trigger)' };
  for (const p of ['push', 'upload', 'storage'] as Path[]) {
    record({ scenario: 'vendor feeds', metric: `${ROWS.toLocaleString()} rows, ${name[p]}: sent -> applied p50 / p99`, value: percentile(times[p], 50), unit: `ms / ${Math.round(percentile(times[p], 99))} ms (rounds ${times[p].map((t) => Math.round(t)).join(', ')}); ${Math.round(ROWS / (percentile(times[p], 50) / 1000))} rows/s at p50`, ...(p === 'push' ? {} : { baseline: name.push, ratio: percentile(times[p], 50) / percentile(times.push, 50) }) });
  }
}
