/**
 * `npm run vendor` as an operator runs it (a child process against the emulators): create a vendor
 * and its user, refuse bad input naming the field, suspend (its offers stop selling) and reactivate.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { getAuth } from 'firebase-admin/auth';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore, PROJECT_ID } from '../helpers';
import { emptyState } from '../../../src/domain/inventory';
import { stockDoc } from '../../../src/stock/stock-store';

const db = adminDb();
const root = path.resolve(__dirname, '../../..');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'tools/vendor-cli.ts'), ...args, '--project', PROJECT_ID], { env: { ...process.env }, cwd: root });
    // The use case's structured log lines go to stdout too; the answer is the rest.
    const out = r.stdout.split('\n').filter((l) => !/^\{.*"severity":/.test(l)).join('\n');
    return { code: 0, stdout: out, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run vendor (CLI against the emulators)', function () {
  this.timeout(60_000);
  before(clearFirestore);

  it('creates a vendor and its user, refuses bad input by field, suspends and reactivates', async () => {
    const created = await cli('create', 'v-cli', '--name', 'CLI Cards', '--cadence', '30', '--email', 'ops@cli.example.com', '--threshold', '3');
    assert.equal(created.code, 0, created.stderr);
    assert.deepEqual(JSON.parse(created.stdout).status, 'active');
    const doc = (await db.doc('vendors/v-cli').get()).data();
    assert.deepEqual([doc?.name, doc?.feedCadenceMinutes, doc?.contactEmails, doc?.lowStockThreshold], ['CLI Cards', 30, ['ops@cli.example.com'], 3]);

    const bad = await cli('create', 'v~bad', '--cadence', 'soon');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /vendorId: /);
    assert.match(bad.stderr, /name: /);
    assert.match(bad.stderr, /feedCadenceMinutes: /);
    assert.equal((await cli('frobnicate')).code, 2);

    const user = await cli('add-user', 'v-cli', 'seller@cli.example.com', '--password', 'password123');
    assert.equal(user.code, 0, user.stderr);
    assert.equal((await getAuth().getUserByEmail('seller@cli.example.com')).customClaims?.vendorId, 'v-cli');

    const t = Timestamp.now();
    const s = emptyState('v-cli~C-1', 3);
    s.locations['v-cli-main'] = { onHand: 5, wmsOnHand: 5, seq: 1, syncedAt: t.toMillis() };
    s.offer = { vendorId: 'v-cli', vendorSku: 'C-1', productId: 'card-1', condition: 'LP', language: 'it', foil: false, signed: false, price: { amount: 300, currency: 'EUR' } };
    await db.doc('inventory/v-cli~C-1').set(stockDoc(s, 1, t));
    const suspended = await cli('suspend', 'v-cli', '--reason', 'audit');
    assert.equal(JSON.parse(suspended.stdout).offersChanged, 1);
    assert.deepEqual([(await db.doc('inventory/v-cli~C-1').get()).data()?.available, (await db.doc('vendors/v-cli').get()).data()?.status], [0, 'suspended']);
    const back = await cli('reactivate', 'v-cli');
    assert.equal(JSON.parse(back.stdout).offersChanged, 1);
    assert.equal((await db.doc('inventory/v-cli~C-1').get()).data()?.available, 5);
    const list = JSON.parse((await cli('list')).stdout) as { vendorId: string; feed: { state: string } }[];
    assert.deepEqual(list.map((v) => [v.vendorId, v.feed.state]), [['v-cli', 'never']]);
  });
});
