/**
 * The Pub/Sub emulator alone: what ordered delivery costs per ordering key. Publishes `RATE` (1,500)
 * messages/s for `SECS` (30) s over 3,000 SKUs, in requests of many keys, to an ordered subscription
 * (one streaming pull), with key = SKU, = 1 of N shards of the SKU, or none (`MODES`: sku,32,256,none);
 * prints lag p50/p99 and out-of-order per SKU. Run under the emulator:
 *   firebase emulators:exec --project demo-inventory --only pubsub "cd functions && npx tsx tools/bench/pubsub-keys.ts"
 * (2026-12-04 result: bench/results/2026-12-04-pubsub-keys-alone.log; docs/events.md).
 */
import { PubSub, Message } from '@google-cloud/pubsub';
import { shardOf } from '../../src/events/ordering';
async function run(mode: string, rate: number, seconds: number) {
  const ps = new PubSub({ projectId: 'demo-inventory' });
  const [topic] = await ps.topic(`exp-${mode}-${Date.now()}`).get({ autoCreate: true });
  const [sub] = await topic.createSubscription(`exp-sub-${Date.now()}`, { enableMessageOrdering: mode !== 'none' });
  const s = ps.subscription(sub.name, { streamingOptions: { maxStreams: 1 }, flowControl: { maxMessages: 5000 } });
  const lags: number[] = []; const last = new Map<string, number>(); let ooo = 0; let got = 0;
  s.on('message', (m: Message) => { m.ack(); const e = JSON.parse(m.data.toString()); lags.push(Date.now() - e.t); if ((last.get(e.sku) ?? -1) > e.n) ooo++; last.set(e.sku, e.n); got++; });
  const key = (sku: string) => mode === 'sku' ? sku : mode === 'none' ? '' : `s${shardOf(sku, Number(mode))}`;
  const t0 = Date.now(); let sent = 0; let round = 0;
  while (Date.now() - t0 < seconds * 1000) {
    const due = Math.floor(((Date.now() - t0) / 1000) * rate) - sent;
    const msgs: { data: Buffer; attributes: Record<string, string>; orderingKey?: string }[] = [];
    for (let i = 0; i < due; i++) { const n = sent + i; const sku = `S-${n % 3000}`; msgs.push({ data: Buffer.from(JSON.stringify({ sku, n, t: Date.now(), pad: 'x'.repeat(500) })), attributes: { sku }, orderingKey: key(sku) || undefined }); }
    for (let i = 0; i < msgs.length; i += 1000) await new Promise<void>((res, rej) => topic.request({ client: 'PublisherClient', method: 'publish', reqOpts: { topic: topic.name, messages: msgs.slice(i, i + 1000) } }, (err: Error | null) => err ? rej(err) : res()));
    sent += due; round++;
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + round * 250 - Date.now())));
  }
  const end = Date.now() + 60000; while (got < sent && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  lags.sort((a, b) => a - b);
  console.log(JSON.stringify({ mode, rate, sent, got, ooo, p50: lags[Math.floor(lags.length * 0.5)], p99: lags[Math.floor(lags.length * 0.99)], drainS: (Date.now() - t0) / 1000 }));
  await s.close(); await ps.close();
}
void (async () => { for (const mode of (process.env.MODES ?? 'sku,32,256,none').split(',')) await run(mode, Number(process.env.RATE ?? 1500), Number(process.env.SECS ?? 30)); })();
