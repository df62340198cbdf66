import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as functions from '../../src/index';

describe('index (the deployed functions)', () => {
  it('exports every function the docs and the local ticker name, and each is a Cloud Function', () => {
    const names = Object.keys(functions).sort();
    for (const n of ['api', 'syncInventory', 'syncInventoryRelay', 'syncWatchdog', 'reserveCart', 'onInventoryEvent', 'applyIngestJob', 'runReconciliation', 'onAlertWritten']) assert.ok(names.includes(n), n);
    for (const [n, f] of Object.entries(functions)) assert.equal((f as { __endpoint?: { platform?: string } }).__endpoint?.platform, 'gcfv2', `${n} is a v2 function`);
    const architecture = readFileSync(path.resolve(__dirname, '../../../docs/architecture.md'), 'utf8');
    for (const n of names) assert.ok(architecture.includes(n), `docs/architecture.md names ${n}`);
  });
});
