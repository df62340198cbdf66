import assert from 'node:assert/strict';
import { claimedSource, decodePush, pushType } from '../../../src/ingest/push-request';
import { DomainError } from '../../../src/errors';
import { MAX_BODY_BYTES } from '../../../src/ingest/schemas';
import { feedHealth } from '../../../src/vendors/service';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : 'other';
  }
  return null;
};

describe('ingest/push-request', () => {
  it('negotiates JSON and CSV only, whatever the parameters', () => {
    assert.equal(pushType('application/json; charset=utf-8'), 'application/json');
    assert.equal(pushType('TEXT/CSV'), 'text/csv');
    assert.equal(pushType('text/plain'), null);
    assert.equal(pushType(undefined), null);
  });

  it('takes the claimed source from the header or query first, else from a JSON body', () => {
    assert.equal(claimedSource('erp', Buffer.from('{"source":"other"}'), 'application/json'), 'erp');
    assert.equal(claimedSource(undefined, Buffer.from('{"source":"v-a"}'), 'application/json'), 'v-a');
    assert.equal(claimedSource(undefined, Buffer.from('{"source":'), 'application/json'), null);
    assert.equal(claimedSource(undefined, Buffer.from('op,sku'), 'text/csv'), null);
  });

  it('refuses, naming why: too large (413), another media type (415), malformed JSON (400), a body speaking for another source (401)', () => {
    assert.equal(code(() => decodePush(Buffer.alloc(MAX_BODY_BYTES + 1), 'application/json', { source: 'a', batchId: 'b' }, 'a')), 'payload-too-large');
    assert.equal(code(() => decodePush(Buffer.from('x'), null, { source: 'a', batchId: 'b' }, 'a')), 'unsupported-media-type');
    assert.equal(code(() => decodePush(Buffer.from('{'), 'application/json', { source: 'a', batchId: 'b' }, 'a')), 'invalid-argument');
    assert.equal(code(() => decodePush(Buffer.from('{"source":"b"}'), 'application/json', { source: undefined, batchId: undefined }, 'a')), 'unauthenticated');
    assert.deepEqual(decodePush(Buffer.from('{"source":"a","x":1}'), 'application/json', { source: undefined, batchId: undefined }, 'a'), { source: 'a', x: 1 });
    const csv = decodePush(Buffer.from('op,sku,locationId,onHand,seq,occurredAt\nupsert,A,wh,1,1,2026-01-01T00:00:00Z\n'), 'text/csv', { source: 'v-a', batchId: 'b1' }, 'v-a') as { source: string; updates: unknown[] };
    assert.deepEqual([csv.source, csv.updates.length], ['v-a', 1]);
  });
});

describe('vendors feedHealth', () => {
  it('is late past the declared cadence, on time within it, never without a feed', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    assert.deepEqual(feedHealth({ lastFeedAt: null, feedCadenceMinutes: 15 }, now), { state: 'never', minutesSinceFeed: null });
    assert.deepEqual(feedHealth({ lastFeedAt: '2026-12-03T11:50:00Z', feedCadenceMinutes: 15 }, now), { state: 'on_time', minutesSinceFeed: 10 });
    assert.deepEqual(feedHealth({ lastFeedAt: '2026-12-03T11:40:00Z', feedCadenceMinutes: 15 }, now), { state: 'late', minutesSinceFeed: 20 });
  });
});
