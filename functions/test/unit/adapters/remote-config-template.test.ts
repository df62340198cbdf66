import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileTemplateStore, flagValue, RestTemplateStore, withFlag } from '../../../src/adapters/remote-config-template';

describe('adapters/remote-config-template', () => {
  it('reads and flips a boolean flag without touching the others', () => {
    const t = { parameters: { other: { defaultValue: { value: 'x' } } } };
    assert.equal(flagValue(t, 'f'), null);
    const on = withFlag(t, 'f', true);
    assert.equal(flagValue(on, 'f'), true);
    assert.equal(flagValue(withFlag(on, 'f', false), 'f'), false);
    assert.deepEqual(on.parameters.other, t.parameters.other);
  });

  it('a file store round-trips the template', async () => {
    const store = new FileTemplateStore(path.join(mkdtempSync(path.join(tmpdir(), 'rc-')), 't.json'));
    await store.write(withFlag({ parameters: {} }, 'f', true));
    assert.equal(flagValue(await store.read(), 'f'), true);
  });

  it('the REST store publishes with the etag it read (no lost update) and without etag/version in the body', async () => {
    const calls: { method: string; headers: Record<string, string>; body?: string }[] = [];
    const fake = (async (_url: string, init: RequestInit = {}) => {
      calls.push({ method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: init.body as string | undefined });
      return new Response(init.method === 'PUT' ? '{}' : JSON.stringify({ parameters: {}, etag: 'e-7', version: { versionNumber: '7' } }), { status: 200, headers: { etag: 'e-7' } });
    }) as typeof fetch;
    const store = new RestTemplateStore('demo-x', async () => 'token', fake);
    const t = await store.read();
    await store.write(withFlag(t, 'f', true));
    assert.equal(calls[1]!.headers['if-match'], 'e-7');
    assert.equal(calls[1]!.headers.authorization, 'Bearer token');
    const body = JSON.parse(calls[1]!.body!);
    assert.equal(body.etag, undefined);
    assert.equal(body.version, undefined);
    assert.equal(body.parameters.f.defaultValue.value, 'true');
  });

  it('the REST store names the status of a refused publish', async () => {
    const store = new RestTemplateStore('demo-x', async () => 't', (async () => new Response('precondition', { status: 412 })) as typeof fetch);
    await assert.rejects(store.write({ parameters: {} }), /Remote Config publish: 412 precondition/);
  });
});
