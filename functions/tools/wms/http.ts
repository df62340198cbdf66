/**
 * The simulator's HTTP face: the WMS contract (CONTRACT.md) over the feed, with the faults applied
 * per request, plus the `/_control` routes the tests, the bench and the soak drive it with.
 */
import http from 'node:http';
import { json, readBody } from '../http-util';
import { FaultInjector, Faults, NO_FAULTS } from './faults';
import { WmsFeed } from './feed';

export interface HttpState {
  feed: WmsFeed;
  faults: FaultInjector;
  apiKey: string;
  requests: number;
  /** Epoch millis of the most recent change-feed reads (newest last, at most 2,000): who polled when. */
  polls: number[];
  /**
   * The contract version pages are served in (1: CONTRACT.md's shape, no version said; 2: adds
   * `gtin`; 3: `onHand` renamed `quantity`, which the connector does not speak), and fields renamed
   * without a version change (a WMS that changed shape and did not say so).
   */
  schema: { version: number; rename: Record<string, string> };
}

/** A page's rows in the served contract version (the feed's own rows are never changed). */
function served(s: HttpState, rows: unknown[]): { rows: unknown[]; headers: Record<string, string>; field: Record<string, number> } {
  const { version, rename } = s.schema;
  const renames: Record<string, string> = { ...(version >= 3 ? { onHand: 'quantity' } : {}), ...rename };
  const out =
    version === 1 && !Object.keys(renames).length
      ? rows
      : rows.map((r) => {
          if (!r || typeof r !== 'object') return r;
          const o: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(r)) o[renames[k] ?? k] = v;
          if (version >= 2 && typeof o.sku === 'string') o.gtin = gtin(o.sku);
          return o;
        });
  return version === 1 ? { rows: out, headers: {}, field: {} } : { rows: out, headers: { 'wms-schema-version': String(version) }, field: { schemaVersion: version } };
}

/** A stable 13-digit GTIN per SKU. */
function gtin(sku: string): string {
  let h = 7;
  for (const ch of sku) h = (h * 31 + ch.charCodeAt(0)) % 1e12;
  return '4' + String(h).padStart(12, '0');
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(c: string | null): number | null {
  if (!c) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(c, 'base64url').toString());
  return m ? Number(m[1]) : null;
}

export async function handle(s: HttpState, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname.startsWith('/_control')) return control(s, req, res, url);
  s.requests++;
  if (req.headers.authorization !== `Bearer ${s.apiKey}`) return json(res, 401, { error: 'unauthorized' });
  const delay = s.faults.delayMs();
  if (delay > 0) await sleep(delay);
  const fault = s.faults.onRequest();
  if (fault.kind === 'hang') return;
  if (fault.kind === 'answer') return json(res, fault.status, fault.body, fault.headers);

  if (req.method === 'GET' && url.pathname === '/v1/stock/changes') {
    s.polls.push(Date.now());
    if (s.polls.length > 2000) s.polls.splice(0, s.polls.length - 2000);
    const offset = decodeCursor(url.searchParams.get('cursor'));
    if (offset === null) return json(res, 400, { error: 'bad cursor' });
    const { page, end, hasMore } = s.feed.changes(offset, clampInt(url.searchParams.get('limit'), 1000, 1, 10_000));
    const rows: unknown[] = page;
    s.faults.corrupt(rows, offset);
    const v = served(s, rows);
    return json(res, 200, { ...v.field, changes: v.rows, nextCursor: encodeCursor(end), hasMore }, v.headers);
  }
  if (req.method === 'GET' && url.pathname === '/v1/stock') {
    const { items, next } = s.feed.snapshot(decodeCursor(url.searchParams.get('pageToken')) ?? 0, clampInt(url.searchParams.get('pageSize'), 1000, 1, 10_000));
    const v = served(s, items);
    return json(res, 200, { ...v.field, items: v.rows, nextPageToken: next === null ? null : encodeCursor(next) }, v.headers);
  }
  if (req.method === 'POST' && url.pathname === '/v1/stock/sales') {
    const body = JSON.parse((await readBody(req)) || '{}') as { saleId?: string; lines?: { sku: string; locationId: string; quantity: number }[] };
    if (!body.saleId) return json(res, 400, { error: 'saleId is required (the idempotency key)' });
    const r = s.feed.sale(body.saleId, body.lines ?? []);
    return json(res, 200, { saleId: body.saleId, acks: r.acks, ...(r.duplicate ? { duplicate: true } : {}) });
  }
  if (req.method === 'POST' && url.pathname === '/v1/stock/holds') {
    const h = JSON.parse((await readBody(req)) || '{}') as { eventId?: string; reservationId?: string; sku?: string; quantity?: number; action?: string };
    if (!h.eventId || !h.reservationId || !h.sku || typeof h.quantity !== 'number') return json(res, 400, { error: 'eventId, reservationId, sku, quantity are required' });
    const r = s.feed.hold({ eventId: h.eventId, reservationId: h.reservationId, sku: h.sku, quantity: h.quantity, action: h.action });
    return json(res, 200, r.duplicate ? { duplicate: true } : { ok: true });
  }
  return json(res, 404, { error: 'not found' });
}

async function control(s: HttpState, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const f = s.feed;
  if (req.method === 'GET') {
    return json(res, 200, { rate: f.rate, faults: s.faults.faults, schema: s.schema, logLength: f.log.length, positions: f.positions.size, requests: s.requests, polls: url.searchParams.has('polls') ? s.polls : undefined });
  }
  const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
  if (url.pathname === '/_control/set') {
    const changes = (body.changes ?? []) as { sku: string; locationId: string; onHand?: number; deleted?: boolean }[];
    const applied = changes.map((c) => f.set(c.sku, c.locationId, c.onHand ?? 0, c.deleted ?? false));
    return json(res, 200, { applied });
  }
  if (typeof body.rate === 'number') f.rate = body.rate;
  if (Array.isArray(body.hold)) {
    f.held.clear();
    for (const sku of body.hold) if (typeof sku === 'string') f.held.add(sku);
  }
  if (body.faults && typeof body.faults === 'object') s.faults.faults = { ...s.faults.faults, ...(body.faults as Partial<Faults>) };
  if (typeof body.schemaVersion === 'number') s.schema = { ...s.schema, version: body.schemaVersion };
  if (body.renameFields && typeof body.renameFields === 'object') s.schema = { ...s.schema, rename: { ...(body.renameFields as Record<string, string>) } };
  if (body.reset === true) {
    s.faults.faults = { ...NO_FAULTS };
    s.schema = { version: 1, rename: {} };
  }
  return json(res, 200, { rate: f.rate, faults: s.faults.faults, schema: s.schema });
}

function clampInt(v: string | null, dflt: number, min: number, max: number): number {
  const n = v === null ? dflt : Number.parseInt(v, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : dflt;
}



function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
