/**
 * `npm run sync -- pause|resume|run|status` on its production path: the Cloud Scheduler jobs of the
 * poller's relay, through the real client (REST transport) against a local stand-in of the
 * Cloud Scheduler API, with the pause recorded in Firestore (the emulator).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { adminDb, clearFirestore, PROJECT_ID } from '../helpers';

const db = adminDb();

describe('the sync CLI on Cloud Scheduler (stand-in of its API)', function () {
  this.timeout(60_000);
  const calls: string[] = [];
  const states = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    calls.push(`${req.method} ${decodeURIComponent(url.pathname)}`);
    const m = /^\/v1\/(projects\/[^:]+)(?::(pause|resume|run))?$/.exec(decodeURIComponent(url.pathname));
    res.setHeader('content-type', 'application/json');
    if (!m) return void res.writeHead(404).end('{}');
    const [, name, verb] = m;
    if (verb === 'pause') states.set(name!, 'PAUSED');
    if (verb === 'resume') states.set(name!, 'ENABLED');
    res.end(JSON.stringify({ name, state: states.get(name!) ?? 'ENABLED', schedule: 'every 1 minutes' }));
  });
  let endpoint = '';
  before(async () => {
    await clearFirestore();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  const cli = async (...args: string[]) => {
    const root = path.resolve(__dirname, '../../..');
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'tools/sync-cli.ts'), ...args, '--project', PROJECT_ID], {
      cwd: root,
      env: { ...process.env, CLOUD_SCHEDULER_ENDPOINT: endpoint },
    });
    return stdout;
  };
  const job = (fn: string) => `projects/${PROJECT_ID}/locations/us-central1/jobs/firebase-schedule-${fn}-us-central1`;

  it('pauses and resumes both jobs of the relay and records the pause; runs and reports the job', async () => {
    assert.match(await cli('pause'), /sync paused/);
    assert.deepEqual(calls.splice(0), [`POST /v1/${job('syncInventory')}:pause`, `POST /v1/${job('syncInventoryRelay')}:pause`]);
    assert.equal((await db.doc('syncState/wms').get()).data()!.paused, true);
    const status = JSON.parse(await cli('status')) as { schedulerJob: string; state: { paused: boolean } };
    assert.deepEqual([status.schedulerJob, status.state.paused], ['PAUSED', true]);
    assert.deepEqual(calls.splice(0), [`GET /v1/${job('syncInventory')}`]);
    await cli('resume');
    assert.deepEqual(calls.splice(0), [`POST /v1/${job('syncInventory')}:resume`, `POST /v1/${job('syncInventoryRelay')}:resume`]);
    assert.equal((await db.doc('syncState/wms').get()).data()!.paused, false);
    assert.match(await cli('run'), /run requested/);
    assert.deepEqual(calls.splice(0), [`POST /v1/${job('syncInventory')}:run`]);
  });
});
