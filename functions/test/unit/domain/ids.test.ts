import assert from 'node:assert/strict';
import fc from 'fast-check';
import { entityId, isEntityId, sourceId, tokenId } from '../../../src/domain/ids';

describe('domain/ids', () => {
  it('refuses what Firestore would refuse as an id, naming why', () => {
    for (const bad of ['', '.', '..', '__x__', '____', 'a/b', 'a b', 'x'.repeat(201)]) assert.equal(isEntityId(bad), false, JSON.stringify(bad));
    for (const good of ['SKU-00001', 'a.b', '_x_', '__x', 'x__', 'ÄÖ-1', 'x'.repeat(200)]) assert.equal(isEntityId(good), true, good);
    const r = entityId.safeParse('__probe__');
    assert.equal(r.success, false);
    assert.match(r.error!.issues[0]!.message, /reserved by Firestore/);
  });

  it('tokens and sources take a safe character set only', () => {
    assert.equal(tokenId.safeParse('cart:1.2_3-4').success, true);
    assert.equal(tokenId.safeParse('cart 1').success, false);
    assert.equal(sourceId.safeParse('vendor:1').success, false);
    assert.equal(sourceId.safeParse('vendor-1').success, true);
  });

  it('every accepted entity id is a valid Firestore document id (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), (s) => {
        if (!isEntityId(s)) return;
        assert.ok(!s.includes('/') && s !== '.' && s !== '..' && !/^__.*__$/.test(s));
      }),
    );
  });
});
