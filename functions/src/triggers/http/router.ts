/**
 * A small router: routes are `{ method, path, doc, handle }` with `{name}` path parameters, matched
 * in order. A path that exists under another method answers 405, an unknown one 404. The path
 * parameters and query are validated with the route's documented schemas before its handler runs
 * (bad input answers 400 naming the field), so the OpenAPI document and the checks are one thing.
 * Every route's declared security scheme is enforced here, first (guards.ts): an unauthenticated
 * caller learns nothing of the input, and the handler gets the principal it may act for.
 */
import { instruments } from '../../adapters/metrics';
import { contextFrom, flushTraces, inSpan, SpanKind } from '../../adapters/tracing';
import type { Request } from 'firebase-functions/v2/https';
import type { Response } from 'express';
import type { z } from 'zod';
import { parseOrRefuse } from '../../zod-errors';
import { send, sendError } from './errors';
import { GUARDS, Principal, Security } from './guards';
import type { ApiServices } from './services';

export type { Security, Principal } from './guards';
export type { ApiServices } from './services';

export interface RouteContext {
  req: Request;
  res: Response;
  /** The path parameters, as the route's `doc.params` parsed them. */
  params: Record<string, string>;
  /** The query, as the route's `doc.query` parsed it (empty without one). */
  query: Record<string, unknown>;
  /** The API path as routed (`/v1/...`, whatever prefix the request came through). */
  path: string;
  /** Who is calling, as the route's security scheme established it (before anything else ran). */
  principal: Principal;
  /** The operator's or vendor user's uid ('' for other principals). */
  uid: string;
  /** What the composition root built for the API. */
  app: ApiServices;
}

export interface ResponseDoc {
  description: string;
  /** A JSON body. */
  json?: z.ZodType;
  /** A text body: its media type (beside `json` where the platform itself can answer). */
  text?: string;
}

/** What docs/openapi.json says of a route; `params` and `query` are also what the router checks. */
export interface RouteDoc {
  summary: string;
  description?: string;
  tag: 'push' | 'stock' | 'operations' | 'payments' | 'vendors';
  security: Security;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: Record<string, { description: string; required?: boolean }>;
  body?: {
    required: boolean;
    json?: z.ZodType;
    /** `output` where the schema coerces strings (CSV cells): the JSON a client sends is the parsed form. */
    io?: 'input' | 'output';
    csv?: string;
  };
  responses: Record<number, ResponseDoc>;
}

export interface Route {
  method: 'get' | 'post' | 'put';
  path: string;
  doc: RouteDoc;
  handle(ctx: RouteContext): Promise<void>;
}

function matcher(path: string): RegExp {
  return new RegExp(`^${path.replace(/\{([^}]+)\}/g, '(?<$1>[^/]+)')}$`);
}

export function router(routes: readonly Route[], app: ApiServices) {
  const table = routes.map((r) => ({ ...r, re: matcher(r.path) }));
  return async (req: Request, res: Response): Promise<void> => {
    // Behind the Hosting rewrite (/api/**) the path keeps its /api prefix.
    const path = req.path.replace(/^\/api(?=\/)/, '').replace(/\/+$/, '') || '/';
    const method = req.method.toLowerCase();
    let known = false;
    for (const r of table) {
      const m = r.re.exec(path);
      if (!m) continue;
      known = true;
      if (r.method !== method) continue;
      // The public read API counts toward the availability SLO (domain/slo.ts): a 5xx is a failure, a refusal is not.
      if (r.doc.security === 'none' && r.method === 'get') res.once('finish', () => instruments().requests.add(1, { surface: 'read', outcome: res.statusCode >= 500 ? 'error' : 'ok' }));
      const raw = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, safeDecode(v)]));
      // A server span per request, continuing the caller's trace (its `traceparent` header) or starting one.
      const parent = contextFrom({ traceparent: req.get?.('traceparent'), tracestate: req.get?.('tracestate') });
      try {
        return await inSpan(`HTTP ${r.method.toUpperCase()} ${r.path}`, { parent, kind: SpanKind.SERVER, attributes: { 'http.request.method': r.method.toUpperCase(), 'http.route': r.path } }, async (span) => {
          try {
            const principal = await GUARDS[r.doc.security](req, path, app);
            const uid = principal.kind === 'operator' || principal.kind === 'vendor' ? principal.uid : '';
            const params = (r.doc.params ? parseOrRefuse(r.doc.params, raw, '(path)') : raw) as Record<string, string>;
            const query = r.doc.query ? parseOrRefuse(r.doc.query, req.query, '(query)') : {};
            await r.handle({ req, res, params, query, path, principal, uid, app });
          } catch (err) {
            sendError(res, err, `api ${r.method.toUpperCase()} ${r.path}`);
          }
          span.setAttribute('http.response.status_code', res.statusCode);
        });
      } finally {
        // After the answer: the instance may be frozen once the request ends.
        await flushTraces();
      }
    }
    if (known) return send(res, 405, { error: `${req.method} not allowed on ${path}` });
    return send(res, 404, { error: `no route ${req.method} ${path}` });
  };
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
