/**
 * The staged migration's dual run: the legacy system's counts (loaded from its export) against
 * ours, for the SKUs in our share only, feeding the discrepancy alert.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { adminDb, clearFirestore, PROJECT_ID } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { importLegacyCounts } from '../../../src/ops/legacy-import';
import { dualRunReport } from '../../../src/ops/dual-run';
import { RolloutOwnership } from '../../../src/sync/sync-state';
import { DomainError } from '../../../src/errors';

const db = adminDb();

describe('dual run against the legacy system (emulator)', function () {
  this.timeout(60_000);
  beforeEach(() => clearFirestore());

  it('compares the SKUs in our share only, counts each kind of difference, and raises the discrepancy alert', async () => {
    await seedStock(db, { A: 5, B: 7, C: 2, E: 9 });
    // E is rolled back to the legacy system: not ours to compare.
    await db.doc('syncState/wms').set({ rolloutPercent: 100, rolledBack: ['E'] });
    await importLegacyCounts(db, 'sku,onHand\nA,5\nB,6\nD,4\nE,1\n', { replace: false });
    const owned = new RolloutOwnership(db, { isEnabled: async () => true });
    const r = await dualRunReport(db, owned, { trigger: 'test' });
    assert.deepEqual(
      [r.compared, r.mismatched, r.missingHere, r.missingInLegacy, r.outsideShare, r.rate],
      [4, 3, 1, 1, 1, 0.75],
    );
    assert.deepEqual(r.sample, [
      { sku: 'B', ours: 7, legacy: 6 },
      { sku: 'C', ours: 2, legacy: null },
      { sku: 'D', ours: null, legacy: 4 },
    ]);
    const report = (await db.doc(`dualRunReports/${r.reportId}`).get()).data()!;
    assert.deepEqual([report.state, report.rate], ['done', 0.75]);
    const alert = (await db.doc('alerts/dual-run').get()).data()!;
    assert.deepEqual([alert.status, alert.kind, alert.source], ['open', 'discrepancy_rate', 'dual_run']);

    // The legacy export catches up (and drops what it no longer has): the alert resolves.
    await importLegacyCounts(db, 'sku,onHand\nA,5\nB,7\nC,2\n', { replace: true });
    const again = await dualRunReport(db, new RolloutOwnership(db, { isEnabled: async () => true }), { trigger: 'test' });
    assert.deepEqual([again.compared, again.mismatched, again.outsideShare], [3, 0, 1]);
    assert.equal((await db.doc('alerts/dual-run').get()).data()!.status, 'resolved');
  });

  it('refuses a bad export whole, naming line and field, and writes nothing', async () => {
    await assert.rejects(importLegacyCounts(db, 'sku,onHand\nA,5\n__x__,1\nB,-2\nC,"4\n', { replace: false }), (err: unknown) => {
      assert.ok(err instanceof DomainError);
      assert.match(JSON.stringify(err.details), /never closed/);
      return true;
    });
    await assert.rejects(importLegacyCounts(db, 'sku,onHand\nA,5\n__x__,1\nB,-2\n', { replace: false }), (err: unknown) => {
      const errors = (err as DomainError).details!.errors as { line: number; field: string }[];
      assert.deepEqual(errors.map((e) => [e.line, e.field]), [[3, 'sku'], [4, 'onHand']]);
      return true;
    });
    assert.equal((await db.collection('legacyStock').count().get()).data().count, 0);
  });

  it('`npm run legacy-import` loads a file, and says what is wrong with a bad one', async () => {
    const root = path.resolve(__dirname, '../../..');
    const dir = mkdtempSync(path.join(tmpdir(), 'legacy-'));
    const run = (file: string) => promisify(execFile)(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'tools/legacy-import.ts'), file, '--project', PROJECT_ID], { cwd: root, env: process.env });
    writeFileSync(path.join(dir, 'good.csv'), 'sku,onHand\r\nA,1\r\nB,2\r\n');
    assert.match((await run(path.join(dir, 'good.csv'))).stdout, /"imported":2/);
    writeFileSync(path.join(dir, 'bad.csv'), 'sku,onHand\nA,x\n');
    await assert.rejects(run(path.join(dir, 'bad.csv')), (err: { stderr: string }) => /"line": 2/.test(err.stderr) && /onHand/.test(err.stderr));
  });
});
