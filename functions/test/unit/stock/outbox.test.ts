import assert from 'node:assert/strict';
import { DocumentData, DocumentReference, Firestore, Timestamp } from 'firebase-admin/firestore';
import fc from 'fast-check';
import { GROUP_BYTES, isGroup, OutboxGroup, outboxData, outboxEntries, outboxEvents } from '../../../src/stock/outbox';

// References only: nothing here talks to a server.
const db = new Firestore({ projectId: 'demo-unit' });
const at = Timestamp.fromMillis(1_700_000_000_000);

function entry(sku: string, ordinal: number, pad = 0): DocumentData {
  return { id: `${sku}-${ordinal}`, type: 'inventory.synced', sku, version: 2, ordinal, createdAt: at, expireAt: at, data: { sku, delta: 1, note: 'x'.repeat(pad) } };
}

function written(group: OutboxGroup): { ref: DocumentReference; data: DocumentData }[] {
  const out: { ref: DocumentReference; data: DocumentData }[] = [];
  group.write({ create: (ref, data) => out.push({ ref, data }) }, db, at);
  return out;
}

describe('stock/outbox', () => {
  it('writes a commit\'s entries as one outbox document, in the order added, without the log\'s retention stamp', () => {
    const g = new OutboxGroup();
    g.add([entry('A', 0), entry('A', 1)]);
    g.add([]);
    g.add([entry('B', 0)]);
    assert.equal(g.size, 3);
    const docs = written(g);
    assert.equal(docs.length, 1);
    assert.equal(docs[0]!.ref.parent.id, 'eventOutbox');
    assert.equal(docs[0]!.data.count, 3);
    assert.equal(docs[0]!.data.createdAt, at);
    assert.equal(typeof docs[0]!.data.events, 'string', 'one opaque string: no field per value for Firestore to store and index');
    const back = outboxEntries(docs[0]!.data);
    assert.deepEqual(back.map((e) => e.id), ['A-0', 'A-1', 'B-0']);
    assert.ok(back.every((e) => !('expireAt' in e)));
    assert.deepEqual(back[0], outboxData(entry('A', 0)), 'read back as written, createdAt a Timestamp again');
    assert.equal(g.size, 0, 'written once');
    assert.equal(written(g).length, 0, 'nothing left to write');
  });

  it('writes nothing for a commit without events', () => {
    assert.equal(written(new OutboxGroup()).length, 0);
  });

  it('splits a large commit between SKUs only, each document under the size bound', function () {
    // Commits of up to a few MB of JSON each: seconds on a slow CI machine.
    this.timeout(30_000);
    fc.assert(
      fc.property(fc.array(fc.record({ events: fc.integer({ min: 1, max: 4 }), pad: fc.integer({ min: 0, max: 150_000 }) }), { minLength: 1, maxLength: 25 }), (skus) => {
        const g = new OutboxGroup();
        skus.forEach((s, i) => g.add(Array.from({ length: s.events }, (_, o) => entry(`S${i}`, o, s.pad))));
        const docs = written(g);
        const all = docs.flatMap((d) => outboxEntries(d.data));
        assert.deepEqual(all.map((e) => e.id), skus.flatMap((s, i) => Array.from({ length: s.events }, (_, o) => `S${i}-${o}`)), 'every entry once, in order');
        for (const d of docs) {
          const entries = outboxEntries(d.data);
          assert.equal(d.data.count, entries.length);
          // A document over the bound holds one SKU's entries only (they are never split).
          if ((d.data.events as string).length > GROUP_BYTES) assert.equal(new Set(entries.map((e) => e.sku)).size, 1);
        }
        for (let i = 0; i < skus.length; i++) assert.equal(docs.filter((d) => outboxEntries(d.data).some((e) => e.sku === `S${i}`)).length, 1, `S${i} in one document`);
      }),
      { numRuns: 30 },
    );
  });

  it('reads both shapes: a group\'s entries, and a single entry at the top level (the first shape, still written by npm run migrate)', () => {
    const single = outboxData(entry('A', 0));
    assert.equal(isGroup(single), false);
    assert.deepEqual(outboxEntries(single), [single]);
    const rest = { createdAt: at, count: 2, events: outboxEvents([single, outboxData(entry('B', 0))]) };
    assert.equal(isGroup(rest), true);
    assert.deepEqual(outboxEntries(rest), [single, outboxData(entry('B', 0))], 'what is left of a group after a partial publish');
    assert.equal('expireAt' in single, false);
  });
});
