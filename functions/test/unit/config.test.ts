import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { declaredParams } from 'firebase-functions/params';
import { readConfig, readRuntime } from '../../src/config';

const DEMO_ENV = parseEnv(readFileSync(path.resolve(__dirname, '../../.env.demo-inventory'), 'utf8'));

describe('config', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it('the demo project gives every non-secret param a value (else the emulator stops to ask)', () => {
    const names = declaredParams.filter((p) => !p.constructor.name.startsWith('Secret')).map((p) => p.name);
    assert.ok(names.includes('SYNC_INTERVAL_SECONDS'));
    for (const n of names) assert.ok(n in DEMO_ENV, `${n} has no value in functions/.env.demo-inventory`);
  });

  it('reads the params into one validated config, derived values included', () => {
    Object.assign(process.env, DEMO_ENV, { WMS_API_KEY: 'k', INGEST_SIGNING_SECRET: 's' });
    const c = readConfig();
    assert.equal(c.syncIntervalSeconds, 5);
    assert.equal(c.reservationMaxLifetimeSeconds, Math.max(900 * 3, 1800));
    assert.equal(c.alertLagMs, 600_000);
    assert.equal(c.vendorKeyGraceMs, 24 * 3600_000);
    assert.deepEqual([c.massChangeGuardPercent, c.staleFeedFactor, c.inlinePushMaxRows], [30, 3, 50]);
    assert.equal(c.wmsApiKey, 'k');
  });

  it('a value out of range is refused naming the field', () => {
    Object.assign(process.env, DEMO_ENV, { SYNC_INTERVAL_SECONDS: '0' });
    assert.throws(() => readConfig(), /syncIntervalSeconds/);
  });

  it('the runtime: the emulator, a deployment, or neither', () => {
    assert.deepEqual(readRuntime({ FUNCTIONS_EMULATOR: 'true', K_SERVICE: 'x', REMOTE_CONFIG_TEMPLATE_FILE: 'f.json', FIREBASE_CONFIG: '{"storageBucket":"demo-x.appspot.com"}' }), { emulator: true, deployed: false, remoteConfigTemplateFile: 'f.json', dropsDir: '../.emulators/drops', defaultBucket: 'demo-x.appspot.com' });
    assert.deepEqual(readRuntime({ K_SERVICE: 'api' }), { emulator: false, deployed: true, remoteConfigTemplateFile: null, dropsDir: null, defaultBucket: null });
    assert.deepEqual(readRuntime({ DROPS_DIR: '/tmp/d', FIREBASE_CONFIG: '/path/to/config.json' }), { emulator: false, deployed: false, remoteConfigTemplateFile: null, dropsDir: '/tmp/d', defaultBucket: null });
  });
});
