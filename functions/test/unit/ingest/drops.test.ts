import assert from 'node:assert/strict';
import { dropBatchId, dropName, dropType, dropUpdates } from '../../../src/ingest/drops';
import { DomainError } from '../../../src/errors';

const T = Date.parse('2026-12-03T10:00:00Z');

describe('ingest/drops', () => {
  it('file names: .csv or .json, no paths', () => {
    for (const ok of ['stock.csv', 'Stock 2026-12-03.JSON', 'a_b.c.csv']) assert.equal(dropName.safeParse(ok).success, true, ok);
    for (const bad of ['../x.csv', 'x.txt', '.csv', 'dir/x.csv', `${'a'.repeat(130)}.csv`]) assert.equal(dropName.safeParse(bad).success, false, bad);
  });

  it('the media type comes from the name; a declared type must agree (generic ones do)', () => {
    assert.equal(dropType('a.csv'), 'text/csv');
    assert.equal(dropType('a.json', 'application/json; charset=utf-8'), 'application/json');
    assert.equal(dropType('a.csv', 'application/octet-stream'), 'text/csv');
    assert.equal(dropType('a.csv', 'application/vnd.ms-excel'), 'text/csv');
    assert.throws(() => dropType('a.csv', 'application/json'), (e: unknown) => e instanceof DomainError && e.code === 'unsupported-media-type');
  });

  it('a shop export needs only sku and onHand: op, location, seq and time default to the receipt', () => {
    const rows = dropUpdates(Buffer.from('sku,onHand,priceAmount\nA1,3,250\nA2,0,\n'), 'text/csv', T);
    assert.deepEqual(rows[0], { sku: 'A1', onHand: '3', priceAmount: '250', op: 'upsert', locationId: 'main', seq: String(T), occurredAt: '2026-12-03T10:00:00.000Z' });
    const given = dropUpdates(Buffer.from('op,sku,locationId,onHand,seq,occurredAt\ndelete,A1,wh-2,,7,2026-12-01T00:00:00Z\n'), 'text/csv', T);
    assert.deepEqual(given[0], { op: 'delete', sku: 'A1', locationId: 'wh-2', onHand: '', seq: '7', occurredAt: '2026-12-01T00:00:00Z' });
    const json = dropUpdates(Buffer.from(JSON.stringify({ updates: [{ sku: 'J1', onHand: 2 }] })), 'application/json', T);
    assert.deepEqual(json[0], { sku: 'J1', onHand: 2, op: 'upsert', locationId: 'main', seq: T, occurredAt: '2026-12-03T10:00:00.000Z' });
    assert.equal(dropUpdates(Buffer.from('[{"sku":"J2","onHand":1}]'), 'application/json', T).length, 1);
  });

  it('a file that is not a batch is refused naming line and field', () => {
    const fields = (body: string, type: 'text/csv' | 'application/json' = 'text/csv') => {
      try {
        dropUpdates(Buffer.from(body), type, T);
      } catch (e) {
        return (e as { errors: { field: string; message: string }[] }).errors.map((x) => `${x.field}: ${x.message}`);
      }
      return assert.fail('not refused');
    };
    assert.match(fields('sku,count\nA,1\n')[0]!, /^onHand: column is missing/);
    assert.match(fields('sku,onHand\n"A,1\n')[0]!, /^line \d+.*: a quoted field is never closed/);
    assert.match(fields('sku,onHand\n')[0]!, /^line 2: the file has a header and no rows/);
    assert.match(fields('{nope', 'application/json')[0]!, /^\(file\): not JSON/);
    assert.match(fields('{"rows":[]}', 'application/json')[0]!, /an array of rows/);
    assert.match(fields('[]', 'application/json')[0]!, /^updates: no rows/);
  });

  it('one batch id per file: the same name and content, or the same Storage object generation', () => {
    const a = dropBatchId({ name: 'a.csv', body: Buffer.from('x') });
    assert.equal(a, dropBatchId({ name: 'a.csv', body: Buffer.from('x') }));
    assert.notEqual(a, dropBatchId({ name: 'a.csv', body: Buffer.from('y') }));
    assert.notEqual(a, dropBatchId({ name: 'b.csv', body: Buffer.from('x') }));
    const o = { name: 'vendor-drops/v/a.csv', generation: '1' };
    assert.equal(dropBatchId({ name: 'a.csv', body: Buffer.alloc(0), object: o }), dropBatchId({ name: 'a.csv', body: Buffer.from('other'), object: o }));
    assert.notEqual(dropBatchId({ name: 'a.csv', body: Buffer.alloc(0), object: o }), dropBatchId({ name: 'a.csv', body: Buffer.alloc(0), object: { ...o, generation: '2' } }));
    assert.match(a, /^drop-[0-9a-f]{32}$/);
  });
});
