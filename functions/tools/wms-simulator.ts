/**
 * A WMS simulator: a real HTTP server speaking the external inventory contract (CONTRACT.md), with
 * a configurable change rate and fault injection. Used by `npm start`, the tests and the bench.
 * The data is in wms/feed.ts, the faults in wms/faults.ts, the HTTP face in wms/http.ts.
 *
 *   GET  /v1/stock/changes?cursor=&limit=   incremental feed (cursor = opaque offset)
 *   GET  /v1/stock?pageToken=&pageSize=     full snapshot
 *   POST /v1/stock/sales                    a sale made by checkout (the sales sink), answers ackSeq
 *   POST /v1/stock/holds                    a hold taken or given back (deduplicated by event id)
 *   GET|POST /_control                      read / change rate, faults and `hold` (SKUs the
 *                                           background changes leave alone), `schemaVersion`
 *                                           (the contract version served: 1, 2, or 3 which the
 *                                           connector does not speak) and `renameFields`
 *                                           ({ onHand: 'quantity' }: a shape change unannounced)
 *   POST /_control/set                      set counts: { changes: [{ sku, locationId, onHand?, deleted? }] }
 */
import { parseArgs } from 'node:util';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { prng } from './catalog';
import { FaultInjector, Faults } from './wms/faults';
import { Change, Position, WmsFeed } from './wms/feed';
import { handle, HttpState } from './wms/http';

export { NO_FAULTS } from './wms/faults';
export type { Faults } from './wms/faults';
export type { Change } from './wms/feed';
export { encodeCursor, decodeCursor } from './wms/http';

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

export class WmsSimulator {
  readonly feed: WmsFeed;
  private readonly injector: FaultInjector;
  private readonly http: HttpState;
  private server?: http.Server;

  constructor(opts: SimulatorOptions = {}) {
    const rnd = prng(opts.seed ?? 7);
    this.feed = new WmsFeed(opts.skus ?? 600, opts.locations ?? 6, opts.rate ?? 0, rnd, opts.seed);
    this.injector = new FaultInjector(rnd, opts.faults);
    this.http = { feed: this.feed, faults: this.injector, apiKey: opts.apiKey ?? 'local-wms-key', requests: 0, polls: [], schema: { version: 1, rename: {} } };
  }

  get positions(): Map<string, Position> {
    return this.feed.positions;
  }
  get log(): Change[] {
    return this.feed.log;
  }
  get holds() {
    return this.feed.holds;
  }
  get sales() {
    return this.feed.sales;
  }
  get held(): Set<string> {
    return this.feed.held;
  }
  /** The contract version pages are served in, and fields renamed without saying so (wms/http.ts). */
  get schema(): HttpState['schema'] {
    return this.http.schema;
  }
  set schema(v: HttpState['schema']) {
    this.http.schema = v;
  }
  get faults(): Faults {
    return this.injector.faults;
  }
  set faults(f: Faults) {
    this.injector.faults = f;
  }
  get rate(): number {
    return this.feed.rate;
  }
  setRate(rate: number): void {
    this.feed.rate = rate;
  }
  get apiKey(): string {
    return this.http.apiKey;
  }
  get skuCount(): number {
    return this.feed.skuCount;
  }
  get locationCount(): number {
    return this.feed.locationCount;
  }
  get requests(): number {
    return this.http.requests;
  }
  get polls(): number[] {
    return this.http.polls;
  }

  set(sku: string, loc: string, onHand: number, deleted = false, at = Date.now(), updatedAt = new Date(at).toISOString()): Change {
    return this.feed.set(sku, loc, onHand, deleted, at, updatedAt);
  }

  generate(n: number, at = Date.now()): void {
    this.feed.generate(n, at);
  }

  start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => {
      handle(this.http, req, res).catch((err) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: String(err) }));
      });
    });
    this.server.keepAliveTimeout = 30_000;
    this.feed.startGenerator(() => this.injector.faults.outage);
    return new Promise((resolve) => {
      this.server!.listen(port, '127.0.0.1', () => resolve(this.url));
    });
  }

  get url(): string {
    const addr = this.server?.address() as AddressInfo | null;
    return addr ? `http://127.0.0.1:${addr.port}` : '';
  }

  async close(): Promise<void> {
    this.feed.stopGenerator();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: Object.fromEntries(['skus', 'locations', 'rate', 'port'].map((k) => [k, { type: 'string' as const }])), strict: false });
  const arg = (name: string, dflt: number) => Number(values[name] ?? process.env[`WMS_SIM_${name.toUpperCase()}`] ?? dflt);
  const sim = new WmsSimulator({ skus: arg('skus', 600), locations: arg('locations', 6), rate: arg('rate', 2) });
  void sim.start(arg('port', 8090)).then((url) => console.log(`WMS simulator on ${url} (${sim.positions.size} positions, ${sim.rate} changes/s)`));
  // A parent process (the benchmark) may own this one: leave with it.
  process.on('disconnect', () => process.exit(0));
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
