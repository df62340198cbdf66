import assert from 'node:assert/strict';
import { Subscription, Message } from '@google-cloud/pubsub';
import { PROJECT_ID } from '../helpers';
import { makeService, seedStock } from '../checkout-fixtures';
import { PubSubDeadLetters } from '../../../src/adapters/dead-letters';
import { publishPending } from '../../../src/events/publisher';
import { dispatch } from '../../../src/events/dispatcher';
import { InventoryCloudEvent } from '../../../src/events/schema';
import { eventsWorld } from './events-world';
import { PubSubEventPublisher } from '../../../src/adapters/pubsub-publisher';

describe('events/dispatcher (emulator)', function () {
  this.timeout(60_000);
  const w = eventsWorld();
  const { pubsub, received, until, apply } = w;
  const db = w.db;
  let publisher: PubSubEventPublisher;
  before(() => void (publisher = w.publisher));

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
      assert.deepEqual(await dispatch(db, sink, json(back), o), { backInStock: 'done', alerts: 'done', sales: 'done', holds: 'done', cover: 'done' });
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
});
