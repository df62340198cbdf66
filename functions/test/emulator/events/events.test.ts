import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PubSub, Subscription, Message } from '@google-cloud/pubsub';
import { CloudEvent } from 'cloudevents';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore, PROJECT_ID } from '../helpers';
import { makeService, seedStock } from '../checkout-fixtures';
import { CountApplier } from '../../../src/stock/count-applier';
import { PubSubEventPublisher } from '../../../src/adapters/pubsub-publisher';
import { PubSubDeadLetters } from '../../../src/adapters/dead-letters';
import { EventPublisher, publishPending } from '../../../src/events/publisher';
import { runPublisherShift } from '../../../src/events/publisher-loop';
import { dispatch, parseEvent } from '../../../src/events/dispatcher';
import { notifyBackInStock } from '../../../src/events/consumers/back-in-stock';
import { raiseStockAlerts } from '../../../src/events/consumers/stock-alerts';
import { forwardSale } from '../../../src/events/consumers/sales';
import { forwardHold } from '../../../src/events/consumers/holds';
import { eventJsonSchema, InventoryCloudEvent } from '../../../src/events/schema';
import { WmsSimulator } from '../../../tools/wms-simulator';
import { WmsHttpConnector } from '../../../src/adapters/wms-http';

const db = adminDb();

describe('inventory events (emulator)', function () {
  this.timeout(60_000);
  const pubsub = new PubSub({ projectId: PROJECT_ID });
  const topicName = 'inventory-events-test';
  let sub: Subscription;
  let publisher: PubSubEventPublisher;
  const received: InventoryCloudEvent[] = [];
  const raw: { attributes: Record<string, string>; data: string }[] = [];

  before(async () => {
    const [topic] = await pubsub.topic(topicName).get({ autoCreate: true });
    [sub] = await topic.createSubscription(`sub-${Date.now()}`, { enableMessageOrdering: true });
    sub.on('message', (m: Message) => {
      received.push(JSON.parse(m.data.toString()));
      raw.push({ attributes: { ...m.attributes }, data: m.data.toString() });
      m.ack();
    });
    publisher = new PubSubEventPublisher(pubsub, topicName);
  });
  after(async () => {
    await sub.close();
    await pubsub.close();
  });
  beforeEach(async () => {
    await clearFirestore();
    received.length = 0;
    raw.length = 0;
  });

  it('follows the CloudEvents Pub/Sub binding (structured mode): an outside consumer parses each message with the cloudevents SDK', async () => {
    await seedStock(db, { A: 5 });
    await apply('A', 'wh-01', 0, 2);
    const r = await publishPending(db, publisher, PROJECT_ID);
    await until(r.published);
    assert.ok(raw.length >= 2);
    for (const m of raw) {
      assert.deepEqual(m.attributes, { 'content-type': 'application/cloudevents+json' }, 'structured mode: the media type, and no ce-* attributes');
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
    await db.collection('inventoryEvents').doc('broken-1').set({
      id: 'broken-1', type: 'inventory.synced', sku: 'A', source: 'wms', version: 1, ordinal: 0, createdAt: now, published: false,
      data: { sku: 'A', delta: 1.5, before: { onHand: 1, reserved: 0, available: 1 }, after: { onHand: 2, reserved: 0, available: 2 }, source: 'wms' },
    });
    await apply('A', 'wh-01', 3, 2);
    const r = await publishPending(db, publisher, PROJECT_ID);
    await until(r.published);
    await new Promise((res) => setTimeout(res, 500));
    assert.ok(!received.some((e) => e.id === 'broken-1'), 'never published');
    assert.ok(received.some((e) => e.subject === 'A' && e.type === 'inventory.synced'), 'the SKU\'s later events are not held back');
    const broken = (await db.doc('inventoryEvents/broken-1').get()).data()!;
    assert.equal(broken.published, true);
    assert.match(broken.invalid, /data\.delta/);
  });

  async function until(n: number, ms = 10_000) {
    const end = Date.now() + ms;
    while (received.length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  }

  const apply = (sku: string, loc: string, onHand: number, seq: number) =>
    new CountApplier(db, { defaultThreshold: 2 }).apply(new Map([[sku, [{ sku, locationId: loc, onHand, seq, updatedAt: Date.now(), deleted: false }]]]), 'wms');

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
    assert.ok(log.every((e) => e.published === false && e.expireAt.toMillis() > Date.now() + 365 * 86_400_000));

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
    assert.equal((await db.collection('inventoryEvents').where('published', '==', false).count().get()).data().count, 0);
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

  it('keeps a commit\'s events in order even when a page boundary splits the commit', async () => {
    await seedStock(db, { A: 5, B: 5, C: 5 });
    // One batch, three SKUs, two events each (synced + out_of_stock), all with one createdAt.
    await new CountApplier(db, { defaultThreshold: 2 }).apply(
      new Map(['A', 'B', 'C'].map((sku) => [sku, [{ sku, locationId: 'wh-01', onHand: 0, seq: 2, updatedAt: Date.now(), deleted: false }]])),
      'wms',
    );
    let r;
    do r = await publishPending(db, publisher, PROJECT_ID, 1);
    while (r.published > 0);
    await until(6);
    for (const sku of ['A', 'B', 'C']) {
      assert.deepEqual(received.filter((e) => e.subject === sku).map((e) => e.type), ['inventory.synced', 'inventory.out_of_stock'], sku);
    }
  });

  it('notifies a subscriber once when the SKU comes back in stock; a redelivery changes nothing', async () => {
    await seedStock(db, { A: 0 });
    await db.doc('stockSubscriptions/alice_A').set({ uid: 'alice', sku: 'A', createdAt: new Date() });
    await db.doc('stockSubscriptions/bob_A').set({ uid: 'bob', sku: 'A', createdAt: new Date() });
    await apply('A', 'wh-01', 3, 2);
    await publishPending(db, publisher, PROJECT_ID);
    await until(3);
    const back = received.find((e) => e.type === 'inventory.back_in_stock')!;
    assert.deepEqual(await notifyBackInStock(db, back), { notified: 2, duplicate: false });
    assert.deepEqual(await notifyBackInStock(db, back), { notified: 0, duplicate: true });
    const notes = await db.collection('notifications').get();
    assert.deepEqual(notes.docs.map((d) => d.data().uid).sort(), ['alice', 'bob']);
    assert.equal((await db.collection('stockSubscriptions').count().get()).data().count, 0);
    // Out of stock and back again: nobody is subscribed any more, nobody is notified twice.
    await apply('A', 'wh-01', 0, 3);
    await apply('A', 'wh-01', 2, 4);
    await publishPending(db, publisher, PROJECT_ID);
    await until(7);
    for (const e of received.filter((x) => x.type === 'inventory.back_in_stock')) await notifyBackInStock(db, e);
    assert.equal((await db.collection('notifications').count().get()).data().count, 2);

    const low = received.find((e) => e.type === 'inventory.low_stock')!;
    assert.deepEqual(await raiseStockAlerts(db, low), { changed: true });
    assert.deepEqual(await raiseStockAlerts(db, low), { changed: false });
    assert.equal((await db.doc('alerts/low_stock-A').get()).data()!.status, 'open');
  });

  it('forwards a sale to the WMS once and stops deducting it when the WMS reflects it', async () => {
    const sim = new WmsSimulator({ skus: 3, locations: 1 });
    await sim.start();
    try {
      const sku = 'SKU-00001';
      const wmsCount = sim.positions.get(`${sku}|wh-01`)!.onHand;
      await seedStock(db, { [sku]: wmsCount });
      const { service } = makeService(db, 'i');
      const { reservationId } = (await service.reserveCart('u1', { cartId: 'c', items: [{ sku, quantity: 2 }] })) as { reservationId: string };
      await service.confirmReservation('u1', { reservationId, paymentId: 'pay' });
      await publishPending(db, publisher, PROJECT_ID);
      await until(2);
      const committed = received.find((e) => e.type === 'inventory.committed')!;
      const sink = new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey });
      const held = received.find((e) => e.type === 'inventory.reserved')!;
      assert.deepEqual(await forwardHold(db, sink, held), { forwarded: true });
      assert.deepEqual(await forwardHold(db, sink, held), { forwarded: false }, 'a redelivery is dropped');
      assert.equal(sim.holds.get(reservationId)?.get(sku), 2, 'the WMS knows about the hold, once');
      assert.deepEqual(await forwardSale(db, sink, committed, 2), { forwarded: true });
      assert.deepEqual(await forwardSale(db, sink, parseEvent(JSON.parse(JSON.stringify(committed))), 2), { forwarded: false });
      const pos = sim.positions.get(`${sku}|wh-01`)!;
      assert.equal(pos.onHand, wmsCount - 2, 'the WMS applied the sale once');
      // The WMS now reports its new count at the acknowledged seq: no double deduction.
      await apply(sku, 'wh-01', pos.onHand, pos.seq);
      const doc = (await db.doc(`inventory/${sku}`).get()).data()!;
      assert.equal(doc.onHand, wmsCount - 2);
      assert.ok(!('pendingSales' in doc), 'the bookkeeping is never public');
      assert.equal(doc.internals, false);
      assert.equal((await db.doc(`inventoryInternals/${sku}`).get()).exists, false, 'the acknowledged sale left nothing pending');
      assert.equal((await db.doc(`fulfillments/${reservationId}`).get()).data()!.wmsState, 'acked');
    } finally {
      await sim.close();
    }
  });

  describe('dispatch, with the dead-letter topic in the Pub/Sub emulator', () => {
    const letters: { message: unknown; reason: string; attempts: number }[] = [];
    let dlqSub: Subscription;
    let deadLetters: PubSubDeadLetters;
    before(async () => {
      const [topic] = await pubsub.topic('inventory-events-dead-letter-test').get({ autoCreate: true });
      [dlqSub] = await topic.createSubscription(`dlq-${Date.now()}`);
      dlqSub.on('message', (m: Message) => {
        letters.push(JSON.parse(m.data.toString()));
        m.ack();
      });
      deadLetters = new PubSubDeadLetters(pubsub, 'inventory-events-dead-letter-test');
    });
    after(() => dlqSub.close());
    beforeEach(() => void (letters.length = 0));
    const lettersArrive = async (n: number) => {
      const end = Date.now() + 10_000;
      while (letters.length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    };
    const json = (e: InventoryCloudEvent) => JSON.parse(JSON.stringify(e));

    async function heldEvent(sku: string) {
      await seedStock(db, { [sku]: 5 });
      const { service } = makeService(db, 'i');
      await service.reserveCart('u1', { cartId: `c-${sku}`, items: [{ sku, quantity: 1 }] });
      await publishPending(db, publisher, PROJECT_ID);
      await until(1);
      return received.find((e) => e.type === 'inventory.reserved' && e.subject === sku)!;
    }

    it('runs every consumer in one invocation: a failing consumer is redelivered alone; nothing is done twice', async () => {
      await seedStock(db, { D: 0 });
      await db.doc('stockSubscriptions/carol_D').set({ uid: 'carol', sku: 'D', createdAt: new Date() });
      await apply('D', 'wh-01', 4, 2);
      const { service } = makeService(db, 'i');
      await service.reserveCart('u1', { cartId: 'c', items: [{ sku: 'D', quantity: 1 }] });
      await publishPending(db, publisher, PROJECT_ID);
      await until(4);
      const back = received.find((e) => e.type === 'inventory.back_in_stock')!;
      const held = received.find((e) => e.type === 'inventory.reserved')!;
      const holds: string[] = [];
      let wmsUp = false;
      const sink = {
        reportSale: async () => [],
        reportHold: async (h: { eventId: string }) => {
          if (!wmsUp) throw Object.assign(new Error('WMS unavailable'), { retryable: true });
          holds.push(h.eventId);
        },
      };
      const o = { defaultThreshold: 2, deadLetters };
      assert.deepEqual(await dispatch(db, sink, json(back), o), { backInStock: 'done', alerts: 'done', sales: 'done', holds: 'done' });
      assert.equal((await db.collection('notifications').count().get()).data().count, 1);
      await assert.rejects(dispatch(db, sink, json(held), o), /WMS unavailable/, 'a failed consumer fails the delivery, so Pub/Sub redelivers it');
      wmsUp = true;
      assert.equal((await dispatch(db, sink, json(held), o))!.holds, 'done');
      await dispatch(db, sink, json(held), o);
      await dispatch(db, sink, json(back), o);
      assert.deepEqual(holds, [held.id], 'the hold reached the WMS once, after the redelivery');
      assert.equal((await db.collection('notifications').count().get()).data().count, 1, 'redeliveries notify nobody twice');
      assert.deepEqual(letters, []);
    });

    it('dead-letters at once what can never succeed: a message that is not an event, a WMS 4xx', async () => {
      const o = { defaultThreshold: 2, deadLetters };
      assert.equal(await dispatch(db, { reportSale: async () => [], reportHold: async () => undefined }, { specversion: '1.0', id: 'x' }, o), null);
      const held = await heldEvent('P');
      const refusing = { reportSale: async () => [], reportHold: async () => { throw Object.assign(new Error('WMS POST /v1/stock/holds answered 422'), { retryable: false, status: 422 }); } };
      assert.equal((await dispatch(db, refusing, json(held), o))!.holds, 'dead_lettered', 'acknowledged, not redelivered');
      await lettersArrive(2);
      assert.match(letters.find((l) => l.attempts === 1 && /not an inventory event/.test(l.reason))!.reason, /\(message\)|type|source/);
      const letter = letters.find((l) => /answered 422/.test(l.reason))!;
      assert.match(letter.reason, /^permanent failure: holds: /);
      assert.equal((letter.message as { id: string }).id, held.id);
    });

    it('dead-letters an event whose consumer still fails after the maximum number of deliveries', async () => {
      const held = await heldEvent('Q');
      const down = { reportSale: async () => [], reportHold: async () => { throw Object.assign(new Error('WMS unavailable'), { retryable: true }); } };
      const o = { defaultThreshold: 2, deadLetters, maxAttempts: 3 };
      await assert.rejects(dispatch(db, down, json(held), o));
      await assert.rejects(dispatch(db, down, json(held), o));
      assert.equal((await dispatch(db, down, json(held), o))!.holds, 'dead_lettered', 'the third delivery is the last');
      await lettersArrive(1);
      assert.deepEqual(letters.map((l) => [l.attempts, /still failing after 3 deliveries: holds: WMS unavailable/.test(l.reason)]), [[3, true]]);
    });
  });

  it('publishes a commit at once while the publisher holds the lease: the outbox listener wakes it, the interval is only the fallback', async () => {
    await seedStock(db, { W: 5 });
    const shift = runPublisherShift(db, publisher, PROJECT_ID, { owner: 'doorbell-test', holdMs: 60_000, lifeMs: 7_000, intervalMs: 5_000, leaseTtlMs: 3_000 });
    // Let the first unit run (it finds nothing) so the next regular one is 5 s away.
    await new Promise((r) => setTimeout(r, 1_500));
    const committed = Date.now();
    await apply('W', 'wh-01', 0, 2);
    await until(2, 4_000);
    const lag = Date.now() - committed;
    assert.deepEqual(received.map((e) => e.type).sort(), ['inventory.out_of_stock', 'inventory.synced']);
    assert.ok(lag < 1_500, `published ${lag} ms after the commit (the fallback interval is 5,000 ms)`);
    const r = await shift;
    assert.equal(r.role, 'holder');
    assert.ok(r.published >= 2);
  });

  it('keeps docs/events.schema.json identical to the zod schema', () => {
    const file = path.resolve(__dirname, '../../../../docs/events.schema.json');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), eventJsonSchema());
  });
});
