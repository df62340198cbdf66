import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { importLegacyCounts } from '../../../src/ops/legacy-import';
import { DomainError } from '../../../src/errors';

describe('ops/legacy-import (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);
  const ids = async () => (await db.collection('legacyStock').get()).docs.map((d) => `${d.id}=${d.data().onHand}`).sort();

  it('loads the legacy totals; with replace, SKUs the file no longer has are removed', async () => {
    assert.deepEqual(await importLegacyCounts(db, 'sku,onHand\nA,3\nB,0\n', { replace: false }), { imported: 2, removed: 0 });
    assert.deepEqual(await importLegacyCounts(db, 'sku,onHand\nA,5\n', { replace: true }), { imported: 1, removed: 1 });
    assert.deepEqual(await ids(), ['A=5']);
  });

  it('one bad row writes nothing, and every bad row is named by line and field', async () => {
    await assert.rejects(importLegacyCounts(db, 'sku,onHand\nA,3\nB,-1\na/b,2\n', { replace: false }), (e: unknown) => {
      assert.ok(e instanceof DomainError);
      assert.deepEqual((e.details!.errors as { line: number; field: string }[]).map((x) => [x.line, x.field]), [[3, 'onHand'], [4, 'sku']]);
      return true;
    });
    await assert.rejects(importLegacyCounts(db, 'sku,count\nA,3\n', { replace: false }), /nothing imported/);
    assert.deepEqual(await ids(), []);
  });
});
