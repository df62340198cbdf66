import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getApps, initializeApp } from 'firebase-admin/app';
import { getRemoteConfig, ServerTemplate } from 'firebase-admin/remote-config';
import { BUILT_IN_DEFAULTS, remoteConfigFlags, RemoteConfigFlags } from '../../../src/adapters/feature-flags';
import { FEATURE_SYNC_ENABLED } from '../../../src/config';

const app = () => getApps()[0] ?? initializeApp({ projectId: 'demo-inventory' });
const templateJson = (on: boolean) => JSON.stringify({ conditions: [], parameters: { [FEATURE_SYNC_ENABLED]: { defaultValue: { value: String(on) }, valueType: 'BOOLEAN' } }, etag: 'fixture', version: { versionNumber: '1' } });
const template = (on: boolean): ServerTemplate => getRemoteConfig(app()).initServerTemplate({ template: templateJson(on) });

describe('adapters/feature-flags', () => {
  it('answers from the template, and caches it for the TTL', async () => {
    let loads = 0;
    let now = 0;
    let on = false;
    const flags = new RemoteConfigFlags(async () => (loads++, template(on)), 1000, () => now);
    assert.equal(await flags.isEnabled(FEATURE_SYNC_ENABLED), false);
    on = true;
    assert.equal(await flags.isEnabled(FEATURE_SYNC_ENABLED), false, 'cached');
    now = 1001;
    assert.equal(await flags.isEnabled(FEATURE_SYNC_ENABLED), true);
    assert.equal(loads, 2);
  });

  it('an outage keeps the last good template; with none, the built-in defaults answer', async () => {
    let now = 0;
    let fail = false;
    const flags = new RemoteConfigFlags(async () => {
      if (fail) throw new Error('unreachable');
      return template(false);
    }, 10, () => now);
    assert.equal(await flags.isEnabled(FEATURE_SYNC_ENABLED), false);
    fail = true;
    now = 100;
    assert.equal(await flags.isEnabled(FEATURE_SYNC_ENABLED), false, 'the last good template, not the default (true)');
    const never = new RemoteConfigFlags(async () => Promise.reject(new Error('unreachable')));
    assert.equal(await never.isEnabled(FEATURE_SYNC_ENABLED), BUILT_IN_DEFAULTS[FEATURE_SYNC_ENABLED]);
    assert.equal(await never.isEnabled('unknown_flag'), false);
  });

  it('locally, the template file is read again, so a flip takes effect without a restart', async () => {
    app();
    const dir = mkdtempSync(path.join(tmpdir(), 'flags-'));
    const file = path.join(dir, 'template.json');
    writeFileSync(file, templateJson(false));
    const flags = await remoteConfigFlags({ emulator: true, templateFile: file });
    assert.equal(await flags.isEnabled(FEATURE_SYNC_ENABLED), false);
    const none = await remoteConfigFlags({ emulator: true, templateFile: null });
    assert.equal(await none.isEnabled(FEATURE_SYNC_ENABLED), true, 'no template: the defaults');
  });
});
