import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { C } from '../../../src/adapters/collections';

describe('adapters/collections', () => {
  it('names each collection once, and the security rules know every client-facing one', () => {
    const names = Object.values(C);
    assert.equal(new Set(names).size, names.length, 'no two keys name the same collection');
    for (const n of names) assert.match(n, /^[A-Za-z][A-Za-z0-9]*$/);
    const rules = readFileSync(path.resolve(__dirname, '../../../../firestore.rules'), 'utf8');
    for (const n of [C.inventory, C.products, C.reservations, C.alerts, C.ingestJobs]) assert.match(rules, new RegExp(`match /${n}/`), n);
  });
});
