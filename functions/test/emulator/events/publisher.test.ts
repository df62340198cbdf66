import assert from 'node:assert/strict';
import { CloudEvent } from 'cloudevents';
import { Timestamp } from 'firebase-admin/firestore';
import { PROJECT_ID } from '../helpers';
import { makeService, seedStock } from '../checkout-fixtures';
import { CountApplier } from '../../../src/stock/count-applier';
import { EventPublisher, publishPending } from '../../../src/events/publisher';
import { eventsWorld } from './events-world';
import { outgoingOf, byLogOrder } from '../../../src/events/publisher';
import { outboxData, outboxEntries } from '../../../src/stock/outbox';
import { PubSubEventPublisher } from '../../../src/adapters/pubsub-publisher';
import { orderingKeyOf } from '../../../src/events/ordering';

describe('events/publisher (emulator)', function () {
  this.timeout(60_000);
  const w = eventsWorld();
  const { received, raw, until, apply } = w;
  const db = w.db;
  let publisher: PubSubEventPublisher;
  before(() => void (publisher = w.publisher));

  it('follows the CloudEvents Pub/Sub binding (structured mode): an outside consumer parses each message with the cloudevents SDK', async () => {
    await seedStock(db, { A: 5 });
    await apply('A', 'wh-01', 0, 2);
    const r = await publishPending(db, publisher, PROJECT_ID);
    await until(r.published);
    assert.ok(raw.length >= 2);
    for (const m of raw) {
      assert.deepEqual(m.attributes, { 'content-type': 'application/cloudevents+json', sku: 'A' }, 'structured mode: the media type and the SKU for filters, no ce-* attributes');
      assert.equal(m.orderingKey, 'A', 'ordering key = sku (CONTRACT.md)');
      const ce = new CloudEvent<{ sku: string; delta: number }>(JSON.parse(m.data) as object);
      assert.equal(ce.validate(), true);
      assert.equal(ce.specversion, '1.0');
      assert.equal(ce.subject, 'A');
      assert.equal(ce.datacontenttype, 'application/json');
      assert.match(ce.source, /^\/\/firestore\.googleapis\.com\/projects\/.+\/inventory\/A$/);
      assert.equal(ce.data!.sku, 'A');
      assert.equal(typeof (ce as unknown as { sequence: string }).sequence, 'string', 'the sequence extension travels');
    }
    assert.deepEqual(raw.map((m) => (JSON.parse(m.data) as { type: string }).type), ['inventory.synced', 'inventory.out_of_stock']);
  });

  it('carries what the ADR names to an outside subscriber: order (the cart), payment, location, reservation, before/after; WMS adjustments as inventory.adjusted; a versioned dataschema', async () => {
    await seedStock(db, { A: { 'wh-01': 5 } });
    const { service } = makeService(db, 'i');
    const { reservationId } = (await service.reserveCart('u1', { cartId: 'order-77', items: [{ sku: 'A', quantity: 2 }] })) as { reservationId: string };
    await service.confirmReservation('u1', { reservationId, paymentId: 'pay_123' });
    await new CountApplier(db, { defaultThreshold: 2 }).apply(new Map([['A', [{ sku: 'A', locationId: 'wh-01', onHand: 1, seq: 9, updatedAt: Date.now(), deleted: false, reason: 'damaged' }]]]), 'wms');
    const r = await publishPending(db, publisher, PROJECT_ID);
    await until(r.published);
    const events = raw.map((m) => new CloudEvent<Record<string, unknown>>(JSON.parse(m.data) as object));
    for (const e of events) assert.equal(e.dataschema, 'urn:inventory-sync:schema:inventory-event:v3');
    const byType = (t: string) => events.find((e) => e.type === t)!.data!;
    assert.deepEqual([byType('inventory.reserved').orderId, byType('inventory.reserved').reservationId], ['order-77', reservationId]);
    const sale = byType('inventory.committed');
    assert.deepEqual([sale.orderId, sale.paymentId, sale.locationId, sale.sku, sale.delta], ['order-77', 'pay_123', 'wh-01', 'A', -2]);
    assert.deepEqual([sale.before, sale.after], [{ onHand: 5, reserved: 2, available: 3 }, { onHand: 3, reserved: 0, available: 3 }]);
    const adjusted = byType('inventory.adjusted');
    assert.deepEqual([adjusted.source, adjusted.reason, adjusted.locationId], ['wms', 'damaged', 'wh-01']);
  });

  it('validates every event against the published schema before it leaves: one that fails is set aside, the rest go out', async () => {
    await seedStock(db, { A: 5 });
    const now = Timestamp.now();
    const broken = {
      id: 'broken-1', type: 'inventory.synced', sku: 'A', source: 'wms', version: 1, ordinal: 0, createdAt: now, published: false,
      data: { sku: 'A', delta: 1.5, before: { onHand: 1, reserved: 0, available: 1 }, after: { onHand: 2, reserved: 0, available: 2 }, source: 'wms' },
    };
    // In the log and its outbox, as a writer commits them.
    await db.collection('inventoryEvents').doc('broken-1').set(broken);
    await db.collection('eventOutbox').doc('broken-1').set(outboxData(broken));
    await apply('A', 'wh-01', 3, 2);
    const r = await publishPending(db, publisher, PROJECT_ID);
    await until(r.published);
    await new Promise((res) => setTimeout(res, 500));
    assert.ok(!received.some((e) => e.id === 'broken-1'), 'never published');
    assert.ok(received.some((e) => e.subject === 'A' && e.type === 'inventory.synced'), 'the SKU\'s later events are not held back');
    const setAside = (await db.doc('inventoryEvents/broken-1').get()).data()!;
    assert.match(setAside.invalid, /data\.delta/);
    assert.equal((await db.doc('eventOutbox/broken-1').get()).exists, false, 'out of the outbox');
  });

  it('turns every change into one log entry and one published CloudEvent, in order per SKU', async () => {
    await seedStock(db, { A: 5, B: 1 });
    const { service } = makeService(db, 'i');
    const { reservationId } = (await service.reserveCart('u1', { cartId: 'c', items: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }] })) as { reservationId: string };
    await service.releaseReservation('u1', { reservationId, reason: 'cart abandoned' });
    await apply('A', 'wh-01', 0, 2);
    await apply('A', 'wh-01', 9, 3);
    const log = (await db.collection('inventoryEvents').get()).docs.map((d) => d.data());
    const types = (sku: string) => log.filter((e) => e.sku === sku).sort((a, b) => a.version - b.version || a.ordinal - b.ordinal).map((e) => e.type);
    assert.deepEqual(types('A'), ['inventory.reserved', 'inventory.released', 'inventory.synced', 'inventory.out_of_stock', 'inventory.synced', 'inventory.back_in_stock']);
    assert.deepEqual(types('B'), ['inventory.reserved', 'inventory.out_of_stock', 'inventory.released', 'inventory.back_in_stock', 'inventory.low_stock']);
    assert.ok(log.every((e) => e.expireAt.toMillis() > Date.now() + 365 * 86_400_000));
    const outbox = (await db.collection('eventOutbox').get()).docs;
    assert.equal(outbox.flatMap((d) => outboxEntries(d.data())).length, log.length, 'each entry waits in the outbox');
    assert.equal(outbox.length, 4, 'one outbox document per commit (the hold of A and B, its release, two syncs)');

    const r = await publishPending(db, publisher, PROJECT_ID);
    assert.equal(r.published, log.length);
    await until(log.length);
    assert.equal(received.length, log.length);
    assert.equal(new Set(received.map((e) => e.id)).size, log.length, 'one message per entry, id = log id');
    const seen = (sku: string) => received.filter((e) => e.subject === sku).map((e) => e.type);
    assert.deepEqual(seen('A'), types('A'), 'order per SKU holds');
    const synced = received.find((e) => e.subject === 'A' && e.type === 'inventory.synced')!;
    assert.deepEqual([synced.data.before, synced.data.after], [{ onHand: 5, reserved: 0, available: 5 }, { onHand: 0, reserved: 0, available: 0 }]);
    assert.equal(synced.specversion, '1.0');
    const reserved = received.find((e) => e.type === 'inventory.reserved' && e.subject === 'A')!;
    assert.equal(reserved.data.reservationId, reservationId);
    assert.equal((await db.collection('eventOutbox').count().get()).data().count, 0, 'the outbox is empty');
    assert.equal((await publishPending(db, publisher, PROJECT_ID)).published, 0, 'nothing left');
  });

  it('recovers a crash between commit and publish, and between publish and marking: duplicates, never gaps', async () => {
    await seedStock(db, { A: 5 });
    for (let seq = 2; seq < 8; seq++) await apply('A', 'wh-01', seq, seq);
    const total = (await db.collection('inventoryEvents').count().get()).data().count;
    // The process dies right after Pub/Sub acknowledged, before the entries are marked.
    const dying: EventPublisher = {
      publish: async (m) => {
        await publisher.publish(m.slice(0, 3));
        throw new Error('killed after publishing 3');
      },
    };
    await assert.rejects(publishPending(db, dying, PROJECT_ID), /killed/);
    const r = await publishPending(db, publisher, PROJECT_ID);
    assert.equal(r.published, total);
    await until(total + 3);
    const ids = received.map((e) => e.id);
    assert.equal(new Set(ids).size, total, 'every entry arrived');
    assert.equal(ids.length, total + 3, 'the first three twice');
    // Deduplicated by id, the order per SKU is the log order.
    const firstSeen = [...new Map(received.map((e) => [e.id, e])).values()].map((e) => e.sequence);
    assert.deepEqual(firstSeen, [...firstSeen].sort());
  });

  // A commit's events are one outbox document; single-entry documents (the first shape, still read)
  // of one commit share its createdAt, and a page of 1 must not split them.
  for (const shape of ['grouped', 'single-entry'] as const) it(`keeps a commit's events in order with pages of one outbox document (${shape} outbox documents)`, async () => {
    await seedStock(db, { A: 5, B: 5, C: 5 });
    // One batch, three SKUs, two events each (synced + out_of_stock), all with one createdAt.
    await new CountApplier(db, { defaultThreshold: 2 }).apply(
      new Map(['A', 'B', 'C'].map((sku) => [sku, [{ sku, locationId: 'wh-01', onHand: 0, seq: 2, updatedAt: Date.now(), deleted: false }]])),
      'wms',
    );
    const [group, ...more] = (await db.collection('eventOutbox').get()).docs;
    assert.equal(more.length, 0, 'one document for the commit');
    assert.equal(group!.get('count'), 6);
    if (shape === 'single-entry') {
      const batch = db.batch();
      batch.delete(group!.ref);
      // Reverse id order: a page of one by id alone would take an out_of_stock before its synced.
      for (const e of outboxEntries(group!.data())) batch.set(db.doc(`eventOutbox/${e.ordinal === 1 ? 'a' : 'z'}-${e.id}`), e);
      await batch.commit();
    }
    let r;
    do r = await publishPending(db, publisher, PROJECT_ID, { limit: 1 });
    while (r.published > 0);
    await until(6);
    for (const sku of ['A', 'B', 'C']) {
      assert.deepEqual(received.filter((e) => e.subject === sku).map((e) => e.type), ['inventory.synced', 'inventory.out_of_stock'], sku);
    }
    assert.equal((await db.collection('eventOutbox').count().get()).data().count, 0, 'the outbox is empty');
  });

  it('keeps in the outbox document exactly the entries that did not go out when a publish fails halfway', async () => {
    await seedStock(db, { A: 5, B: 5, C: 5 });
    await new CountApplier(db, { defaultThreshold: 2 }).apply(
      new Map(['A', 'B', 'C'].map((sku) => [sku, [{ sku, locationId: 'wh-01', onHand: 0, seq: 2, updatedAt: Date.now(), deleted: false }]])),
      'wms',
    );
    // Pub/Sub takes the first three (A's two and B's first) and fails the rest.
    const halfway: EventPublisher = {
      publish: async (m) => {
        const r = await publisher.publish(m.slice(0, 3));
        return { published: r.published, failed: m.slice(3).map((x) => x.event.id) };
      },
    };
    const first = await publishPending(db, halfway, PROJECT_ID);
    assert.deepEqual([first.published, first.failed], [3, 3]);
    const [doc, ...more] = (await db.collection('eventOutbox').get()).docs;
    assert.equal(more.length, 0);
    assert.deepEqual(outboxEntries(doc!.data()).map((e) => [e.sku, e.type]), [['B', 'inventory.out_of_stock'], ['C', 'inventory.synced'], ['C', 'inventory.out_of_stock']], 'only the unpublished entries, in order');
    assert.equal(doc!.get('count'), 3);
    assert.equal((await publishPending(db, publisher, PROJECT_ID)).published, 3);
    await until(6);
    for (const sku of ['A', 'B', 'C']) assert.deepEqual(received.filter((e) => e.subject === sku).map((e) => e.type), ['inventory.synced', 'inventory.out_of_stock'], sku);
    assert.equal((await db.collection('eventOutbox').count().get()).data().count, 0);
  });

  // Ordering key = SKU (the default), and = 1 of 8 stable shards of the SKU (EVENT_ORDERING_SHARDS):
  // 200 SKUs over 8 keys, so each key carries about 25 SKUs interleaved.
  for (const shards of [0, 8]) it(`keeps each SKU in order when one publish request carries many SKUs, in a live publish and in a replay of the log (${shards ? `ordering key = 1 of ${shards} shards of the SKU` : 'ordering key = SKU'})`, async () => {
    const pub = shards ? new PubSubEventPublisher(w.pubsub, 'inventory-events-test', 'page', undefined, shards) : publisher;
    // 200 SKUs, 5 changes each, committed interleaved across SKUs: pages of 300 over requests of many SKUs.
    const skus = Array.from({ length: 200 }, (_, i) => `S-${i}`);
    await seedStock(db, Object.fromEntries(skus.map((s) => [s, 50])));
    const applier = new CountApplier(db, { defaultThreshold: 2 });
    for (let round = 1; round <= 5; round++) {
      await applier.apply(new Map(skus.map((sku) => [sku, [{ sku, locationId: 'wh-01', onHand: 50 + round, seq: 10 + round, updatedAt: Date.now(), deleted: false }]])), 'wms');
    }
    const inLog = (await db.collection('inventoryEvents').get()).docs.map((d) => d.data());
    assert.equal(inLog.length, skus.length * 5);
    let r;
    do r = await publishPending(db, pub, PROJECT_ID, { limit: 300 });
    while (r.published > 0);
    await until(inLog.length, 30_000);
    const inOrder = (events: { subject?: string; sequence?: string }[]) => {
      for (const sku of skus) {
        const seqs = events.filter((e) => e.subject === sku).map((e) => e.sequence!);
        assert.equal(seqs.length, 5, `${sku}: all five`);
        assert.deepEqual(seqs, [...seqs].sort(), `${sku} in log order`);
      }
    };
    inOrder(received);
    for (const m of raw) assert.equal(m.orderingKey, orderingKeyOf(JSON.parse(m.data).subject, shards), shards ? 'ordering key = the SKU\'s shard' : 'ordering key = sku');
    if (shards) {
      const keys = new Set(raw.map((m) => m.orderingKey));
      assert.ok(keys.size <= shards && keys.size > 1, `${keys.size} keys`);
      assert.ok(raw.every((m) => m.attributes.sku === JSON.parse(m.data).subject), 'the sku attribute still names the SKU for filters');
    }

    // The replay (tools/replay.ts): the log in log order, the same ids and keys; consumers dedupe by id.
    received.length = 0;
    raw.length = 0;
    const out = await pub.publish(inLog.sort(byLogOrder).map((d) => outgoingOf(d, PROJECT_ID)));
    assert.equal(out.failed.length, 0);
    await until(inLog.length, 30_000);
    inOrder(received);
    assert.deepEqual(new Set(received.map((e) => e.id)), new Set(inLog.map((d) => d.id)), 'the same ids again');
    if (shards) for (const m of raw) assert.equal(m.orderingKey, orderingKeyOf(JSON.parse(m.data).subject, shards), 'a replay keys each SKU as the live publish did');
  });
});
