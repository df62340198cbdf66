/**
 * docs/openapi.json is generated from the routes' zod schemas: the checked-in file must be what the
 * generator writes now, every route must be documented with its statuses, and every schema in it
 * must compile as JSON Schema 2020-12 (what OpenAPI 3.1 uses).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '../../../src/triggers/http/openapi';
import { API_ROUTES } from '../../../src/triggers/http/routes';
import { ApiServices, router } from '../../../src/triggers/http/router';
import { openApiAjv } from '../../openapi-ajv';

const FILE = path.resolve(__dirname, '../../../../docs/openapi.json');
type Doc = { openapi: string; paths: Record<string, Record<string, { security: unknown[]; parameters?: { name: string; in: string }[]; responses: Record<string, { content?: Record<string, { schema: object }> }> }>>; components: { schemas: Record<string, object> } };

describe('OpenAPI document', () => {
  const generated = JSON.parse(JSON.stringify(openApiDocument(API_ROUTES))) as Doc;

  it('is checked in exactly as the generator writes it (run `npm run openapi` after changing a route)', () => {
    assert.deepEqual(JSON.parse(readFileSync(FILE, 'utf8')), generated);
  });

  it('lists every route once, with its path parameters and a success answer', () => {
    assert.equal(generated.openapi, '3.1.0');
    const documented = Object.entries(generated.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)).sort();
    assert.deepEqual(documented, API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const r of API_ROUTES) {
      const op = generated.paths[r.path]![r.method]!;
      const inPath = [...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort(), inPath, `${r.method} ${r.path}: path parameters`);
      assert.ok(Object.keys(op.responses).some((s) => /^2/.test(s) && op.responses[s]!.content), `${r.method} ${r.path}: a documented success body`);
      if (r.doc.security === 'operator') assert.ok(op.responses['401'] && op.responses['403'], `${r.method} ${r.path}: operator routes document 401 and 403`);
    }
  });

  it('holds only schemas that compile as JSON Schema 2020-12, with the input limits the code enforces', () => {
    const { compile } = openApiAjv(generated);
    for (const [p, ops] of Object.entries(generated.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        for (const [status, res] of Object.entries(op.responses)) {
          for (const media of Object.values(res.content ?? {})) assert.doesNotThrow(() => compile(media.schema), `${m} ${p} ${status}`);
        }
      }
    }
    const row = (generated.components.schemas.SyncBatch as { properties: { updates: { items: { properties: Record<string, { type?: string; maximum?: number; pattern?: string; maxLength?: number }> } } } }).properties.updates.items.properties;
    assert.deepEqual([row.onHand!.type, row.onHand!.maximum], ['integer', 1_000_000_000]);
    assert.deepEqual([row.sku!.maxLength, row.sku!.pattern], [200, '^[^/\\s]+$']);
    const batch = generated.components.schemas.SyncBatch as { properties: { source: { pattern: string } } };
    assert.equal(batch.properties.source.pattern, '^[A-Za-z0-9_.-]+$');
  });

  it('the router refuses a path parameter or query the document refuses, naming the field', async () => {
    // Refused before any service is used: a service reached would throw.
    const unused = new Proxy({}, { get: () => () => assert.fail('a refused request reached a service') }) as ApiServices;
    const handle = router(API_ROUTES, unused);
    const answer = async (url: string) => {
      const [p, q = ''] = url.split('?');
      const out: { status?: number; body?: { errors?: { field: string }[] } } = {};
      const finished: (() => void)[] = [];
      const res = { set: () => res, status: (s: number) => ((out.status = s), (res.statusCode = s), res), json: (b: typeof out.body) => ((out.body = b), finished.forEach((f) => f()), res), once: (_e: 'finish', f: () => void) => finished.push(f), statusCode: 200 };
      const req = { path: p, method: 'GET', query: Object.fromEntries(new URLSearchParams(q)), get: () => undefined };
      await handle(req as never, res as never);
      return out;
    };
    const reserved = await answer('/v1/inventory/__x__');
    assert.equal(reserved.status, 400);
    assert.deepEqual(reserved.body!.errors!.map((e) => e.field), ['sku']);
    const noSkus = await answer('/v1/inventory');
    assert.equal(noSkus.status, 400);
    assert.deepEqual(noSkus.body!.errors!.map((e) => e.field), ['skus']);
  });
});
