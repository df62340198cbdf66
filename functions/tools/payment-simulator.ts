/**
 * A payment provider simulator, for `npm start` and the tests: a hosted-checkout endpoint the
 * storefront's Pay button posts to, which then reports the outcome to the system's webhook
 * (`POST /v1/payments/events`) signed the way a provider signs it (HMAC of the timestamp and the
 * raw body, `X-Payment-Signature`), and delivers again on any non-2xx answer, as providers do.
 *
 *   POST /v1/checkout  { paymentId, outcome?: "succeeded" | "failed" }  -> 202; the event follows
 *   POST /v1/refunds   { paymentId }                                   -> 202; payment.refunded follows
 *   GET  /_control                                                      deliveries so far
 */
import { parseArgs } from 'node:util';
import http from 'node:http';
import { json, readBody } from './http-util';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { sign } from '../src/adapters/hmac-signature';
import { PAYMENT_SIGNATURE_HEADER } from '../src/checkout/payment-intents';

export interface Delivery {
  eventId: string;
  type: string;
  paymentId: string;
  attempts: number;
  status: number | null;
  answer?: unknown;
}

export interface PaymentSimulatorOptions {
  webhookUrl: string;
  secret: string;
  /** Time between the shopper paying and the webhook (a provider's processing). */
  delayMs?: number;
  maxAttempts?: number;
}

export class PaymentSimulator {
  readonly deliveries: Delivery[] = [];
  private server?: http.Server;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly o: PaymentSimulatorOptions) {}

  /** Delivers one event now (and again on failure); resolves when it was accepted or given up. */
  async deliver(type: string, paymentId: string, eventId = `evt_${randomBytes(8).toString('hex')}`): Promise<Delivery> {
    const d: Delivery = { eventId, type, paymentId, attempts: 0, status: null };
    this.deliveries.push(d);
    const body = JSON.stringify({ id: eventId, type, created: Math.floor(Date.now() / 1000), data: { paymentId } });
    const max = this.o.maxAttempts ?? 6;
    for (let attempt = 1; attempt <= max; attempt++) {
      d.attempts = attempt;
      try {
        const res = await fetch(this.o.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [PAYMENT_SIGNATURE_HEADER]: sign(this.o.secret, body, Math.floor(Date.now() / 1000)) },
          body,
        });
        d.status = res.status;
        d.answer = await res.json().catch(() => null);
        if (res.ok) return d;
      } catch {
        d.status = null;
      }
      await new Promise((r) => setTimeout(r, 200 * 2 ** (attempt - 1)));
    }
    return d;
  }

  private later(type: string, paymentId: string): void {
    const p = new Promise<void>((r) => setTimeout(r, this.o.delayMs ?? 300)).then(() => this.deliver(type, paymentId)).then(() => undefined);
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => json(res, 500, { error: String(err) }));
    });
    return new Promise((resolve) => this.server!.listen(port, '127.0.0.1', () => resolve(this.url)));
  }

  get url(): string {
    const addr = this.server?.address() as AddressInfo | null;
    return addr ? `http://127.0.0.1:${addr.port}` : '';
  }

  /** Resolves when every scheduled delivery has its answer (or was given up). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    await this.settled();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // The storefront calls from another origin, as it would call a hosted checkout.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'content-type');
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/_control') return json(res, 200, { deliveries: this.deliveries });
    const body = JSON.parse((await readBody(req)) || '{}') as { paymentId?: unknown; outcome?: unknown };
    if (typeof body.paymentId !== 'string' || !body.paymentId) return json(res, 400, { error: 'paymentId is required' });
    if (req.method === 'POST' && url.pathname === '/v1/checkout') {
      const outcome = body.outcome === 'failed' ? 'failed' : 'succeeded';
      this.later(`payment.${outcome}`, body.paymentId);
      return json(res, 202, { paymentId: body.paymentId, status: 'processing' });
    }
    if (req.method === 'POST' && url.pathname === '/v1/refunds') {
      this.later('payment.refunded', body.paymentId);
      return json(res, 202, { paymentId: body.paymentId, status: 'refunding' });
    }
    return json(res, 404, { error: 'not found' });
  }
}

/** The emulator's value of the webhook secret (functions/.secret.local), so both sides agree. */
export function localWebhookSecret(): string {
  const file = readFileSync(path.resolve(__dirname, '../.secret.local'), 'utf8');
  const m = /^PAYMENT_WEBHOOK_SECRET=(.*)$/m.exec(file);
  if (!m) throw new Error('PAYMENT_WEBHOOK_SECRET is missing from functions/.secret.local');
  return m[1]!.trim();
}



if (require.main === module) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8091' } }, strict: false });
  const port = Number(values.port);
  const webhookUrl = process.env.PAYMENT_WEBHOOK_URL ?? 'http://127.0.0.1:5001/demo-inventory/us-central1/api/v1/payments/events';
  const sim = new PaymentSimulator({ webhookUrl, secret: process.env.PAYMENT_WEBHOOK_SECRET ?? localWebhookSecret() });
  void sim.start(port).then((url) => console.log(`payment simulator on ${url} (webhook ${webhookUrl})`));
  process.on('disconnect', () => process.exit(0));
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
