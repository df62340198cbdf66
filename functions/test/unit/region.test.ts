import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REGION } from '../../src/region';

describe('region', () => {
  it('one region for the functions, the task queues and the Hosting rewrites', () => {
    assert.match(REGION, /^[a-z]+-[a-z]+\d$/);
    const hosting = JSON.parse(readFileSync(path.resolve(__dirname, '../../../firebase.json'), 'utf8')).hosting;
    const rewrites = (Array.isArray(hosting) ? hosting : [hosting]).flatMap((h: { rewrites?: { function?: { region?: string } }[] }) => h.rewrites ?? []);
    for (const r of rewrites.filter((x: { function?: unknown }) => x.function)) assert.equal(r.function!.region, REGION);
  });
});
