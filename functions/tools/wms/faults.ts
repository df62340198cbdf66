/**
 * The simulator's faults: what a real WMS does wrong (errors, rate limits, latency, hangs, outages)
 * and what its pages can hold (malformed rows, duplicates, older versions after newer ones).
 */
import { WmsRow } from '../../src/adapters/wms-http';
import { skuId } from '../catalog';

export interface Faults {
  /** Share of requests answered 500/503. */
  errorRate: number;
  /** Share of requests answered 429 with Retry-After. */
  rateLimitRate: number;
  retryAfterSeconds: number;
  /** Added latency per request, ms. */
  latencyMs: number;
  /** Share of requests that take `slowMs` longer (a slow page now and then). */
  slowRate: number;
  slowMs: number;
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
  errorRate: 0, rateLimitRate: 0, retryAfterSeconds: 1, latencyMs: 0, slowRate: 0, slowMs: 2000, timeoutRate: 0,
  malformedRate: 0, duplicateRate: 0, outOfOrderRate: 0, outage: false,
};

export type RequestFault = { kind: 'none' } | { kind: 'hang' } | { kind: 'answer'; status: number; body: unknown; headers?: Record<string, string> };

export class FaultInjector {
  faults: Faults;

  constructor(
    private readonly rnd: () => number,
    faults: Partial<Faults> = {},
  ) {
    this.faults = { ...NO_FAULTS, ...faults };
  }

  /** The extra wait of one request: `latencyMs`, and `slowMs` more for a `slowRate` share. */
  delayMs(): number {
    const f = this.faults;
    return f.latencyMs + (f.slowRate > 0 && this.rnd() < f.slowRate ? f.slowMs : 0);
  }

  /** What happens to one request before it reaches the API (after any injected latency). */
  onRequest(): RequestFault {
    const f = this.faults;
    if (f.outage) return { kind: 'answer', status: 503, body: { error: 'outage' } };
    if (this.rnd() < f.timeoutRate) return { kind: 'hang' }; // the socket stays open until the client gives up
    if (this.rnd() < f.rateLimitRate) return { kind: 'answer', status: 429, body: { error: 'slow down' }, headers: { 'retry-after': String(f.retryAfterSeconds) } };
    if (this.rnd() < f.errorRate) return { kind: 'answer', status: this.rnd() < 0.5 ? 500 : 503, body: { error: 'injected' } };
    return { kind: 'none' };
  }

  /** Fault injection on a page: extra malformed rows, duplicates, and older versions after newer. */
  corrupt(page: unknown[], offset: number): void {
    const f = this.faults;
    const n = page.length;
    if (!n) return;
    for (let i = 0; i < Math.round(n * f.duplicateRate); i++) page.push(page[Math.floor(this.rnd() * n)]);
    for (let i = 0; i < Math.round(n * f.outOfOrderRate); i++) {
      const c = page[Math.floor(this.rnd() * n)] as WmsRow;
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
}
