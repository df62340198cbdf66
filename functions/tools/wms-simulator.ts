/**
 * A WMS simulator: a real HTTP server speaking the external inventory contract (CONTRACT.md), with
 * a configurable change rate and fault injection. Used by `npm start`, the tests and the bench.
 *
 *   GET  /v1/stock/changes?cursor=&limit=   incremental feed (cursor = opaque offset)
 *   GET  /v1/stock?pageToken=&pageSize=     full snapshot
 *   POST /v1/stock/sales                    a sale made by checkout (the sales sink), answers ackSeq
 *   GET|POST /_control                      read / change rate and faults
 *   POST /_control/set                      set counts: { changes: [{ sku, locationId, onHand?, deleted? }] }
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { buildCatalog, locationId, prng, skuId } from './catalog';

export interface Faults {
  /** Share of requests answered 500/503. */
  errorRate: number;
  /** Share of requests answered 429 with Retry-After. */
  rateLimitRate: number;
  retryAfterSeconds: number;
  /** Added latency per request, ms. */
  latencyMs: number;
  /** Share of requests that never answer (the client must time out). */
  timeoutRate: number;
  /** Extra malformed rows per page (share of page size). */
  malformedRate: number;
  /** Share of rows repeated in a page. */
  duplicateRate: number;
  /** Share of rows also repeated later with their previous (older) values. */
  outOfOrderRate: number;
  /** Every request fails with 503 while true. */
  outage: boolean;
}

export const NO_FAULTS: Faults = {
  errorRate: 0, rateLimitRate: 0, retryAfterSeconds: 1, latencyMs: 0, timeoutRate: 0,
  malformedRate: 0, duplicateRate: 0, outOfOrderRate: 0, outage: false,
};

export interface SimulatorOptions {
  port?: number;
  skus?: number;
  locations?: number;
  /** Generated changes per second. */
  rate?: number;
  apiKey?: string;
  seed?: number;
  faults?: Partial<Faults>;
}

export interface Change {
  sku: string;
  locationId: string;
  onHand: number;
  seq: number;
  updatedAt: string;
  deleted?: boolean;
}

interface Position {
  onHand: number;
  seq: number;
  deleted: boolean;
}

export class WmsSimulator {
  readonly positions = new Map<string, Position>();
  readonly log: Change[] = [];
  faults: Faults;
  rate: number;
  readonly apiKey: string;
  readonly skuCount: number;
  readonly locationCount: number;
  requests = 0;
  /** Epoch millis of the most recent change-feed reads (newest last, at most 2,000): who polled when. */
  readonly polls: number[] = [];
  private server?: http.Server;
  private timer?: NodeJS.Timeout;
  private carry = 0;
  private readonly rnd: () => number;
  /** reservationId -> sku -> units held here (an optional extension of the contract). */
  readonly holds = new Map<string, Map<string, number>>();
  private readonly holdEvents = new Set<string>();
  /** saleId -> acknowledgements: reporting a sale twice applies it once. */
  readonly sales = new Map<string, { sku: string; locationId: string; ackSeq: number }[]>();

  constructor(opts: SimulatorOptions = {}) {
    this.skuCount = opts.skus ?? 600;
    this.locationCount = opts.locations ?? 6;
    this.rate = opts.rate ?? 0;
    this.apiKey = opts.apiKey ?? 'local-wms-key';
    this.faults = { ...NO_FAULTS, ...opts.faults };
    this.rnd = prng(opts.seed ?? 7);
    const now = new Date().toISOString();
    for (const row of buildCatalog({ skus: this.skuCount, locations: this.locationCount, seed: opts.seed })) {
      for (const [loc, onHand] of Object.entries(row.stock)) {
        this.positions.set(key(row.sku, loc), { onHand, seq: 1, deleted: false });
        this.log.push({ sku: row.sku, locationId: loc, onHand, seq: 1, updatedAt: now });
      }
    }
  }

  /** Applies a change to a position and appends it to the feed. */
  set(sku: string, loc: string, onHand: number, deleted = false, at = Date.now(), updatedAt = new Date(at).toISOString()): Change {
    const k = key(sku, loc);
    const pos = this.positions.get(k) ?? { onHand: 0, seq: 0, deleted: false };
    pos.seq += 1;
    pos.onHand = deleted ? 0 : onHand;
    pos.deleted = deleted;
    this.positions.set(k, pos);
    const change: Change = { sku, locationId: loc, onHand: pos.onHand, seq: pos.seq, updatedAt };
    if (deleted) change.deleted = true;
    this.log.push(change);
    return change;
  }

  /** Generates `n` random count changes now. */
  generate(n: number, at = Date.now()): void {
    const stamp = new Date(at).toISOString();
    for (let i = 0; i < n; i++) {
      const sku = skuId(Math.floor(this.rnd() * this.skuCount));
      const loc = locationId(Math.floor(this.rnd() * this.locationCount));
      const cur = this.positions.get(key(sku, loc))?.onHand ?? 0;
      const next = Math.max(0, cur + Math.floor(this.rnd() * 11) - 5);
      this.set(sku, loc, next, false, at, stamp);
    }
  }

  start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: String(err) }));
      });
    });
    this.server.keepAliveTimeout = 30_000;
    this.startGenerator();
    return new Promise((resolve) => {
      this.server!.listen(port, '127.0.0.1', () => resolve(this.url));
    });
  }

  get url(): string {
    const addr = this.server?.address() as AddressInfo | null;
    return addr ? `http://127.0.0.1:${addr.port}` : '';
  }

  setRate(rate: number): void {
    this.rate = rate;
  }

  private startGenerator(): void {
    // Paced by the clock, not by the timer: a late tick (a busy event loop) generates what the
    // elapsed time calls for, so the configured rate is the rate produced.
    let last = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      const elapsed = now - last;
      last = now;
      if (this.rate <= 0 || this.faults.outage) return;
      this.carry += (this.rate * elapsed) / 1000;
      const n = Math.floor(this.carry);
      this.carry -= n;
      if (n > 0) this.generate(n, now);
    }, 20);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/_control')) return this.control(req, res, url);
    this.requests++;
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) return json(res, 401, { error: 'unauthorized' });
    const f = this.faults;
    if (f.latencyMs > 0) await sleep(f.latencyMs);
    if (f.outage) return json(res, 503, { error: 'outage' });
    if (this.rnd() < f.timeoutRate) return; // never answers; the socket stays open until the client gives up
    if (this.rnd() < f.rateLimitRate) return json(res, 429, { error: 'slow down' }, { 'retry-after': String(f.retryAfterSeconds) });
    if (this.rnd() < f.errorRate) return json(res, this.rnd() < 0.5 ? 500 : 503, { error: 'injected' });

    if (req.method === 'GET' && url.pathname === '/v1/stock/changes') {
      this.polls.push(Date.now());
      if (this.polls.length > 2000) this.polls.splice(0, this.polls.length - 2000);
      const offset = decodeCursor(url.searchParams.get('cursor'));
      if (offset === null) return json(res, 400, { error: 'bad cursor' });
      const limit = clampInt(url.searchParams.get('limit'), 1000, 1, 10_000);
      const end = Math.min(this.log.length, offset + limit);
      const page: unknown[] = this.log.slice(offset, end);
      this.corrupt(page, offset);
      return json(res, 200, { changes: page, nextCursor: encodeCursor(end), hasMore: end < this.log.length });
    }
    if (req.method === 'GET' && url.pathname === '/v1/stock') {
      const start = decodeCursor(url.searchParams.get('pageToken')) ?? 0;
      const size = clampInt(url.searchParams.get('pageSize'), 1000, 1, 10_000);
      const keys = [...this.positions.keys()].sort();
      const items = keys.slice(start, start + size).flatMap((k) => {
        const p = this.positions.get(k)!;
        if (p.deleted) return [];
        const [sku, loc] = k.split('|') as [string, string];
        return [{ sku, locationId: loc, onHand: p.onHand, seq: p.seq, updatedAt: new Date().toISOString() }];
      });
      const next = start + size < keys.length ? encodeCursor(start + size) : null;
      return json(res, 200, { items, nextPageToken: next });
    }
    if (req.method === 'POST' && url.pathname === '/v1/stock/sales') {
      const body = JSON.parse((await readBody(req)) || '{}') as { saleId?: string; lines?: { sku: string; locationId: string; quantity: number }[] };
      if (!body.saleId) return json(res, 400, { error: 'saleId is required (the idempotency key)' });
      const known = this.sales.get(body.saleId);
      if (known) return json(res, 200, { saleId: body.saleId, acks: known, duplicate: true });
      const acks = (body.lines ?? []).map((l) => {
        const cur = this.positions.get(key(l.sku, l.locationId))?.onHand ?? 0;
        const c = this.set(l.sku, l.locationId, Math.max(0, cur - l.quantity));
        return { sku: l.sku, locationId: l.locationId, ackSeq: c.seq };
      });
      this.sales.set(body.saleId, acks);
      return json(res, 200, { saleId: body.saleId, acks });
    }
    if (req.method === 'POST' && url.pathname === '/v1/stock/holds') {
      const h = JSON.parse((await readBody(req)) || '{}') as { eventId?: string; reservationId?: string; sku?: string; quantity?: number; action?: string };
      if (!h.eventId || !h.reservationId || !h.sku || typeof h.quantity !== 'number') return json(res, 400, { error: 'eventId, reservationId, sku, quantity are required' });
      if (this.holdEvents.has(h.eventId)) return json(res, 200, { duplicate: true });
      this.holdEvents.add(h.eventId);
      const bySku = this.holds.get(h.reservationId) ?? new Map<string, number>();
      bySku.set(h.sku, Math.max(0, (bySku.get(h.sku) ?? 0) + (h.action === 'held' ? h.quantity : -h.quantity)));
      this.holds.set(h.reservationId, bySku);
      return json(res, 200, { ok: true });
    }
    return json(res, 404, { error: 'not found' });
  }

  /** Fault injection on a page: extra malformed rows, duplicates, and older versions after newer. */
  private corrupt(page: unknown[], offset: number): void {
    const f = this.faults;
    const n = page.length;
    if (!n) return;
    for (let i = 0; i < Math.round(n * f.duplicateRate); i++) page.push(page[Math.floor(this.rnd() * n)]);
    for (let i = 0; i < Math.round(n * f.outOfOrderRate); i++) {
      const c = page[Math.floor(this.rnd() * n)] as Change;
      // The same key with a lower seq arriving after the newer one.
      if (c.seq > 1) page.push({ ...c, seq: c.seq - 1, onHand: c.onHand + 1000 });
    }
    for (let i = 0; i < Math.round(n * f.malformedRate); i++) {
      const variants = [
        { sku: '', locationId: 'wh-01', onHand: 1, seq: 1, updatedAt: new Date().toISOString() },
        { sku: skuId(0), locationId: 'wh-01', onHand: -4, seq: 9e9, updatedAt: new Date().toISOString() },
        { sku: skuId(0), locationId: 'wh-01', onHand: 'ten', seq: 9e9, updatedAt: 'yesterday' },
        { hello: 'world', offset },
      ];
      page.splice(Math.floor(this.rnd() * page.length), 0, variants[i % variants.length]);
    }
  }

  private async control(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method === 'GET') {
      return json(res, 200, { rate: this.rate, faults: this.faults, logLength: this.log.length, positions: this.positions.size, requests: this.requests, polls: url.searchParams.has('polls') ? this.polls : undefined });
    }
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    if (url.pathname === '/_control/set') {
      const changes = (body.changes ?? []) as { sku: string; locationId: string; onHand?: number; deleted?: boolean }[];
      const applied = changes.map((c) => this.set(c.sku, c.locationId, c.onHand ?? 0, c.deleted ?? false));
      return json(res, 200, { applied });
    }
    if (typeof body.rate === 'number') this.rate = body.rate;
    if (body.faults && typeof body.faults === 'object') this.faults = { ...this.faults, ...(body.faults as Partial<Faults>) };
    if (body.reset === true) this.faults = { ...NO_FAULTS };
    return json(res, 200, { rate: this.rate, faults: this.faults });
  }
}

function key(sku: string, loc: string): string {
  return `${sku}|${loc}`;
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(c: string | null): number | null {
  if (!c) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(c, 'base64url').toString());
  return m ? Number(m[1]) : null;
}

function clampInt(v: string | null, dflt: number, min: number, max: number): number {
  const n = v === null ? dflt : Number.parseInt(v, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : dflt;
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

if (require.main === module) {
  const arg = (name: string, dflt: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : Number(process.env[`WMS_SIM_${name.toUpperCase()}`] ?? dflt);
  };
  const sim = new WmsSimulator({ skus: arg('skus', 600), locations: arg('locations', 6), rate: arg('rate', 2) });
  void sim.start(arg('port', 8090)).then((url) => console.log(`WMS simulator on ${url} (${sim.positions.size} positions, ${sim.rate} changes/s)`));
  // A parent process (the benchmark) may own this one: leave with it.
  process.on('disconnect', () => process.exit(0));
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
