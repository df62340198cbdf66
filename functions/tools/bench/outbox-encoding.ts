/**
 * The Firestore emulator alone: what an outbox document's encoding costs. Writes 60 documents of
 * 150 log entries' outbox copies (9,000 events) as an array of maps, and as one JSON string (what
 * stock/outbox.ts writes), then reads them back three times; prints wall time and the emulator's
 * own CPU time (from /proc) for each, over `REPS` (3) alternating repetitions. Run under the emulator:
 *   firebase emulators:exec --project demo-inventory --only firestore "cd functions && npx tsx tools/bench/outbox-encoding.ts"
 * (2026-12-04 result: bench/results/2026-12-04-outbox-encoding.log; docs/events.md).
 */
import { initializeApp } from 'firebase-admin/app';
import { DocumentData, getFirestore, Timestamp } from 'firebase-admin/firestore';
import { emulatorCpuMs } from './write-path';
import { eventEntries } from '../../src/stock/stock-store';
import { outboxData, outboxEntries, OutboxGroup } from '../../src/stock/outbox';
import { StockEvent } from '../../src/domain/events';


async function main(): Promise<void> {
  const db = getFirestore(initializeApp({ projectId: process.env.GCLOUD_PROJECT }));
  const now = Timestamp.now();
  const event = (sku: string) => ({ type: 'inventory.synced', data: { sku, locationId: 'wh-01', delta: 3, before: { onHand: 10, reserved: 0, available: 10 }, after: { onHand: 13, reserved: 0, available: 13 }, source: 'bench' } }) as unknown as StockEvent;
  const commit = (): DocumentData[] => Array.from({ length: 150 }, (_, i) => eventEntries(db, [event(`P-${i}`)], { version: 5, now })[0]!.data);
  console.log(`an entry is ~${JSON.stringify(outboxData(commit()[0]!)).length} bytes of JSON`);
  for (let rep = 0; rep < Number(process.env.REPS ?? 3); rep++) {
    for (const mode of ['array of maps', 'one JSON string'] as const) {
      const col = db.collection(`outbox-encoding-${rep}-${mode.replace(/ /g, '-')}`);
      const commits = Array.from({ length: 60 }, commit);
      let cpu = emulatorCpuMs();
      let t = Date.now();
      for (let i = 0; i < commits.length; i += 10) {
        const batch = db.batch();
        for (const entries of commits.slice(i, i + 10)) {
          if (mode === 'array of maps') batch.create(col.doc(), { createdAt: now, count: entries.length, entries: entries.map(outboxData) });
          else {
            const g = new OutboxGroup();
            for (const e of entries) g.add([e]);
            g.write({ create: (ref, data) => batch.create(col.doc(ref.id), data) }, db, now);
          }
        }
        await batch.commit();
      }
      const write = [Date.now() - t, (emulatorCpuMs() ?? 0) - (cpu ?? 0)];
      cpu = emulatorCpuMs();
      t = Date.now();
      let n = 0;
      for (let k = 0; k < 3; k++) {
        const snap = await col.orderBy('createdAt').limit(200).get();
        for (const d of snap.docs) n += mode === 'array of maps' ? (d.get('entries') as unknown[]).length : outboxEntries(d.data()).length;
      }
      const read = [Date.now() - t, (emulatorCpuMs() ?? 0) - (cpu ?? 0)];
      console.log(`rep ${rep}, ${mode}: write 9,000 events ${write[0]} ms (emulator CPU ${write[1]} ms); read them back 3 times (${n.toLocaleString()}) ${read[0]} ms (emulator CPU ${read[1]} ms)`);
    }
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
