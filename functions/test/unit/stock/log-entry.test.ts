import assert from 'node:assert/strict';
import { DocumentData, Firestore, Timestamp } from 'firebase-admin/firestore';
import { eventEntries } from '../../../src/stock/stock-store';
import { logEntryData } from '../../../src/domain/events';
import { toCloudEvent } from '../../../src/events/publisher';
import { OutboxGroup, outboxEntries, outboxEvents } from '../../../src/stock/outbox';
import { cloudEventSchema } from '../../../src/events/schema';
import { StockEvent } from '../../../src/domain/events';

// References only: nothing here talks to a server.
const db = new Firestore({ projectId: 'demo-unit' });
const now = Timestamp.fromMillis(1_700_000_000_000);
const sale: StockEvent = {
  type: 'inventory.committed',
  data: { sku: 'v-a~X-1', locationId: 'v-a-main', delta: -2, before: { onHand: 5, reserved: 2, available: 3 }, after: { onHand: 3, reserved: 0, available: 3 }, source: 'checkout', orderId: 'c-1', paymentId: 'pay_1', reason: undefined, vendorId: 'v-a' },
};

describe('stock/stock-store: the event log entry', () => {
  it('keeps the event data as one JSON string (no field per value), without undefined fields; the top-level fields queries use stay fields', () => {
    const [e] = eventEntries(db, [sale], { version: 7, now });
    assert.equal(typeof e!.data.dataJson, 'string');
    assert.ok(!('data' in e!.data), 'no map beside it');
    assert.deepEqual(JSON.parse(e!.data.dataJson as string), { sku: 'v-a~X-1', locationId: 'v-a-main', delta: -2, before: { onHand: 5, reserved: 2, available: 3 }, after: { onHand: 3, reserved: 0, available: 3 }, source: 'checkout', orderId: 'c-1', paymentId: 'pay_1', vendorId: 'v-a' });
    assert.deepEqual([e!.data.id, e!.data.sku, e!.data.type, e!.data.vendorId, e!.data.source, e!.data.version, e!.data.ordinal, e!.data.createdAt], [e!.ref.id, 'v-a~X-1', 'inventory.committed', 'v-a', 'checkout', 7, 0, now]);
  });

  it('reads the data of both shapes: the string, and the map of entries written before 0.8.0', () => {
    const [e] = eventEntries(db, [sale], { version: 7, now });
    const asString = logEntryData(e!.data);
    const { dataJson: _text, ...rest } = e!.data;
    const asMap = logEntryData({ ...rest, data: asString });
    assert.deepEqual(asMap, asString);
    assert.equal(asString.delta, -2);
    assert.deepEqual(logEntryData({ sku: 'A' }), {}, 'an entry with neither reads as empty data (and fails the schema before publishing)');
  });

  it('publishes either shape as the same CloudEvent, valid against the published schema', () => {
    const [e] = eventEntries(db, [sale], { version: 7, now });
    const fromString = toCloudEvent(e!.data, 'demo-unit');
    const { dataJson: text, ...rest } = e!.data;
    const fromMap = toCloudEvent({ ...rest, data: JSON.parse(text as string) }, 'demo-unit');
    assert.deepEqual(fromString, fromMap);
    assert.ok(cloudEventSchema.safeParse(fromString).success);
    assert.equal(fromString.data.delta, -2);
  });

  it("puts the data in its outbox copy as it is (not escaped into the group's string), and the copy publishes as the entry does", () => {
    const entries = eventEntries(db, [sale, { ...sale, data: { ...sale.data, reason: 'a "quoted" $& reason', delta: -1 } }], { version: 7, now }).map((e) => e.data);
    const g = new OutboxGroup();
    g.add(entries);
    const docs: DocumentData[] = [];
    g.write({ create: (_ref, data) => docs.push(data) }, db, now);
    assert.ok(!(docs[0]!.events as string).includes('dataJson'), 'no JSON inside a JSON string');
    const back = outboxEntries(docs[0]!);
    assert.deepEqual(back.map((e) => e.data), entries.map((e) => JSON.parse(e.dataJson as string)));
    assert.deepEqual(back.map((e) => toCloudEvent(e, 'demo-unit')), entries.map((e) => toCloudEvent(e, 'demo-unit')));
    assert.deepEqual(outboxEntries({ events: outboxEvents(back) }).map((e) => e.data), back.map((e) => e.data), 'a partial page rewrites the copies as they were');
  });
});
