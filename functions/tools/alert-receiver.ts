/**
 * A local stand-in for a Slack incoming webhook, for `npm start` and the tests: it takes the alert
 * webhook's posts (`POST /hooks/alerts`, Slack-compatible JSON: `text`, and `alert`), keeps them,
 * prints each line, and can be told to fail, to see delivery retried.
 *
 *   POST /hooks/alerts     a message                          -> 200 "ok" (as Slack answers)
 *   GET  /_control         { messages, failures }              what arrived so far
 *   POST /_control         { failNext: n }                     answer 503 to the next n posts
 */
import { parseArgs } from 'node:util';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { json, readBody } from './http-util';

export interface ReceivedAlert {
  at: number;
  text: string;
  alert: { id: string; transition: 'raised' | 'resolved'; kind?: string; [k: string]: unknown };
}

export class AlertReceiver {
  readonly messages: ReceivedAlert[] = [];
  failures = 0;
  failNext = 0;
  private server?: http.Server;

  constructor(private readonly o: { log?: (line: string) => void } = {}) {}

  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/_control') {
      if (req.method === 'POST') this.failNext = Number((JSON.parse((await readBody(req)) || '{}') as { failNext?: number }).failNext ?? 0);
      return json(res, 200, { messages: this.messages, failures: this.failures });
    }
    if (req.method !== 'POST' || url.pathname !== '/hooks/alerts') return json(res, 404, { error: 'not found' });
    const body = JSON.parse((await readBody(req)) || '{}') as Partial<ReceivedAlert>;
    if (this.failNext > 0) {
      this.failNext--;
      this.failures++;
      res.writeHead(503).end('try later');
      return;
    }
    if (typeof body.text !== 'string' || !body.alert) return json(res, 400, { error: 'a Slack-compatible body has text' });
    this.messages.push({ at: Date.now(), text: body.text, alert: body.alert });
    this.o.log?.(body.text);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8092' } }, strict: false });
  const port = Number(values.port);
  const receiver = new AlertReceiver({ log: (line) => console.log(`[alert] ${line}`) });
  void receiver.start(port).then((url) => console.log(`alert receiver on ${url}/hooks/alerts`));
  process.on('disconnect', () => process.exit(0));
  const stop = () => void receiver.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
