/**
 * Real answers of the `api` function checked against docs/openapi.json with ajv, as an outside
 * client generated from the document would read them: the status must be documented for the
 * route, the media type must be the documented one, and a JSON body must match its schema.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020';
import { PROJECT_ID } from './helpers';
import { openApiAjv } from '../openapi-ajv';

export const API = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1/api`;

type Media = Record<string, { schema: object }>;
type Operation = { responses: Record<string, { content?: Media }> };
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } };

export class ApiContract {
  private readonly doc: Doc;
  private readonly validator: ReturnType<typeof openApiAjv>;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** `method path status` of every answer checked so far. */
  readonly checked = new Set<string>();

  constructor(file = path.resolve(__dirname, '../../../docs/openapi.json')) {
    this.doc = JSON.parse(readFileSync(file, 'utf8')) as Doc;
    this.validator = openApiAjv(this.doc);
  }

  /** The documented operation whose template matches `url`'s path (`/v1/inventory/{sku}`). */
  private operation(method: string, url: string): { template: string; op: Operation } {
    const p = new URL(url).pathname.replace(/^.*?\/api(?=\/v1\/)/, '');
    for (const [template, ops] of Object.entries(this.doc.paths)) {
      const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      if (re.test(p) && ops[method]) return { template, op: ops[method]! };
    }
    throw new assert.AssertionError({ message: `${method.toUpperCase()} ${p} is not in docs/openapi.json` });
  }

  /** Why a JSON body is not what the document says `method template status` answers (null: it is). */
  mismatch(method: string, template: string, status: number, body: unknown): string | null {
    const key = `${method} ${template} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const schema = this.doc.paths[template]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
      if (!schema) return `${key} has no JSON answer in the document`;
      this.compiled.set(key, (validate = this.validator.compile(schema)));
    }
    return validate(body) ? null : this.validator.ajv.errorsText(validate.errors);
  }

  /**
   * A drop-in `fetch` for API tests: every answer is checked against the document before the test
   * sees it (as a new Response with the same status, headers and body).
   */
  asFetch(): (url: string, init?: RequestInit) => Promise<Response> {
    return async (url, init) => {
      const r = await this.fetch(url, init);
      return new Response(r.text, { status: r.status, headers: r.headers });
    };
  }

  /** `fetch`, then the answer checked against the document; the body comes back parsed. */
  async fetch(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string; json: Record<string, unknown> }> {
    const method = (init.method ?? 'GET').toLowerCase();
    const { template, op } = this.operation(method, url);
    const res = await fetch(url, init);
    const text = await res.text();
    const where = `${method.toUpperCase()} ${template} ${res.status}`;
    const documented = op.responses[String(res.status)];
    assert.ok(documented, `${where}: status not documented (body ${text.slice(0, 300)})`);
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const media = Object.entries(documented.content ?? {}).find(([m]) => m.split(';')[0]!.trim() === type);
    assert.ok(media, `${where}: content-type ${type} is not documented`);
    let json: Record<string, unknown> = {};
    if (type === 'application/json') {
      json = JSON.parse(text) as Record<string, unknown>;
      const wrong = this.mismatch(method, template, res.status, json);
      assert.equal(wrong, null, `${where}: the body does not match docs/openapi.json: ${wrong}\n${text.slice(0, 1000)}`);
    }
    this.checked.add(`${method} ${template} ${res.status}`);
    return { status: res.status, headers: res.headers, text, json };
  }
}
