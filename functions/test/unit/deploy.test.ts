/** Deploy readiness, checked: what `firebase deploy` from a clean clone relies on. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { REGION } from '../../src/region';

const ROOT = path.resolve(__dirname, '../../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
const files = (dir: string): string[] =>
  readdirSync(path.join(ROOT, dir)).flatMap((f) => (statSync(path.join(ROOT, dir, f)).isDirectory() ? files(path.join(dir, f)) : [path.join(dir, f)]));

describe('deploy readiness', () => {
  const firebase = JSON.parse(read('firebase.json')) as {
    functions: { runtime: string; predeploy: string[]; postdeploy: string[] }[];
    hosting: { predeploy?: string[]; rewrites: { function: { functionId: string; region?: string } }[] };
  };

  it('builds the web app before a Hosting deploy, and the functions before theirs', () => {
    assert.ok(firebase.hosting.predeploy?.some((c) => /web.* run build/.test(c)), 'a Hosting predeploy builds web/');
    assert.ok(firebase.functions[0]!.predeploy.some((c) => /run build/.test(c)));
    assert.ok(firebase.functions[0]!.postdeploy.some((c) => /run provision/.test(c)), 'Pub/Sub and alert policies after a deploy');
  });

  it('runs the functions on Node 22, as declared', () => {
    assert.equal(firebase.functions[0]!.runtime, 'nodejs22');
    assert.equal((JSON.parse(read('functions/package.json')) as { engines: { node: string } }).engines.node, '22');
  });

  it('names the region in one place', () => {
    const literal = new RegExp(`['"\`]${REGION}['"\`]`);
    const offenders = [...files('functions/src'), ...files('web/src')].filter((f) => !f.endsWith('region.ts') && literal.test(read(f)));
    assert.deepEqual(offenders, []);
    assert.match(read('functions/src/config.ts'), /setGlobalOptions\(\{ region: REGION \}\)/);
    for (const r of firebase.hosting.rewrites) assert.equal(r.function.region ?? 'us-central1', REGION, 'the Hosting rewrite points at the functions\' region');
  });

  it('gives the deployed web app its project from Hosting, and the emulators only locally', () => {
    const web = read('web/src/firebase.ts');
    assert.match(web, /fetch\('\/__\/firebase\/init\.json'\)/);
    assert.match(web, /local\s*\?\s*\{ apiKey: 'demo-api-key'/);
    assert.match(web, /if \(local\) \{\s*connectAuthEmulator/);
  });
});
