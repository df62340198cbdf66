/**
 * A small router: routes are `{ method, path, handle }` with `{name}` path parameters, matched in
 * order. A path that exists under another method answers 405, an unknown one 404.
 */
import type { Request } from 'firebase-functions/v2/https';
import type { Response } from 'express';
import { send, sendError } from './errors';

export interface RouteContext {
  req: Request;
  res: Response;
  params: Record<string, string>;
  /** The API path as routed (`/v1/...`, whatever prefix the request came through). */
  path: string;
}

export interface Route {
  method: 'get' | 'post';
  path: string;
  handle(ctx: RouteContext): Promise<void>;
}

function matcher(path: string): RegExp {
  return new RegExp(`^${path.replace(/\{([^}]+)\}/g, '(?<$1>[^/]+)')}$`);
}

export function router(routes: readonly Route[]) {
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
      const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, safeDecode(v)]));
      try {
        return await r.handle({ req, res, params, path });
      } catch (err) {
        return sendError(res, err, `api ${r.method.toUpperCase()} ${r.path}`);
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
