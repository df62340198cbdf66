import assert from 'node:assert/strict';
import fc from 'fast-check';
import { coalesce, compareSeq, LocationChange, writeOrder } from '../../../src/domain/sequence';

const ch = (sku: string, locationId: string, seq: number, onHand = seq, deleted = false): LocationChange => ({
  sku, locationId, seq, onHand, deleted, updatedAt: 1000 + seq,
});

describe('domain/sequence', () => {
  it('compares sequences', () => {
    assert.equal(compareSeq(undefined, 0), 'newer');
    assert.equal(compareSeq(3, 4), 'newer');
    assert.equal(compareSeq(4, 4), 'duplicate');
    assert.equal(compareSeq(5, 4), 'stale');
  });

  it('keeps the highest seq per (sku, location) and counts what it dropped', () => {
    const r = coalesce([ch('a', 'l1', 2), ch('a', 'l1', 5), ch('a', 'l1', 3), ch('a', 'l1', 5), ch('a', 'l2', 1), ch('b', 'l1', 7)]);
    assert.deepEqual(r.bySku.get('a')?.map((c) => [c.locationId, c.seq]), [['l1', 5], ['l2', 1]]);
    assert.deepEqual(r.bySku.get('b')?.map((c) => c.seq), [7]);
    assert.equal(r.duplicates, 1);
    assert.equal(r.superseded, 2);
    assert.equal(r.oldestUpdatedAt.get('a'), 1001);
  });

  it('is independent of arrival order', () => {
    const arb = fc.array(fc.record({ sku: fc.constantFrom('a', 'b', 'c'), loc: fc.constantFrom('x', 'y'), seq: fc.nat(20) }), { maxLength: 60 });
    fc.assert(
      fc.property(arb, fc.nat(), (rows, seed) => {
        const changes = rows.map((r) => ch(r.sku, r.loc, r.seq));
        const shuffled = [...changes].sort((p, q) => ((p.seq * 31 + seed) % 7) - ((q.seq * 31 + seed) % 7));
        const key = (m: Map<string, LocationChange[]>) =>
          [...m].flatMap(([, l]) => l.map((c) => `${c.sku}/${c.locationId}/${c.seq}`)).sort();
        assert.deepEqual(key(coalesce(changes).bySku), key(coalesce(shuffled).bySku));
        const total = coalesce(changes);
        const kept = [...total.bySku.values()].reduce((n, l) => n + l.length, 0);
        assert.equal(kept + total.duplicates + total.superseded, changes.length);
      }),
    );
  });

  describe('writeOrder', () => {
    it('writes the longest-waiting change first, ties and unknown times by id', () => {
      const oldest = new Map([['b', 300], ['c', 100], ['a', 300], ['e', Number.NaN]]);
      assert.deepEqual(writeOrder(['e', 'd', 'a', 'b', 'c'], oldest), ['c', 'a', 'b', 'd', 'e']);
      assert.deepEqual(writeOrder(['b', 'a']), ['a', 'b'], 'without source times: by id');
    });

    it('is a permutation, sorted by time then id (property)', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined })), (d) => {
          const skus = Object.keys(d);
          const oldest = new Map(Object.entries(d).flatMap(([k, v]) => (v === undefined ? [] : [[k, v] as [string, number]])));
          const out = writeOrder(skus, oldest);
          assert.deepEqual([...out].sort(), [...skus].sort());
          const key = (s: string) => oldest.get(s) ?? Infinity;
          for (let i = 1; i < out.length; i++) {
            const [p, q] = [out[i - 1]!, out[i]!];
            assert.ok(key(p) < key(q) || (key(p) === key(q) && p < q), `${p} before ${q}`);
          }
        }),
      );
    });
  });
});
