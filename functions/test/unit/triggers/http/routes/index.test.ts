import assert from 'node:assert/strict';
import { API_ROUTES } from '../../../../../src/triggers/http/routes';

describe('triggers/http/routes/index', () => {
  it('every route once, under /v1, documented with a summary, a tag, a security scheme and its answers', () => {
    const keys = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    assert.equal(new Set(keys).size, keys.length, 'no route twice');
    for (const r of API_ROUTES) {
      assert.match(r.path, /^\/v1\//, r.path);
      assert.ok(r.doc.summary && r.doc.tag && r.doc.security, r.path);
      assert.ok(Object.keys(r.doc.responses).length > 0, r.path);
      for (const p of r.path.match(/\{(\w+)\}/g) ?? []) assert.ok(r.doc.params?.shape[p.slice(1, -1)], `${r.path}: ${p} is documented`);
    }
  });

  it('a fixed path is matched before a parameter that would swallow it', () => {
    const paths = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    for (const [i, r] of API_ROUTES.entries()) {
      const re = new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const later of API_ROUTES.slice(i + 1)) {
        if (later.method === r.method && !later.path.includes('{') && re.test(later.path)) assert.fail(`${paths[i]} hides ${later.method} ${later.path}`);
      }
    }
  });
});
