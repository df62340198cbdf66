/**
 * The one subscriber of `inventory-events`: runs every consumer (events/consumers/) on an event.
 * Each consumer is idempotent on the event id (events/consumers/receipts.ts).
 */
import { FieldValue, Firestore } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { SalesSink } from '../stock/ports';
import { InventoryCloudEvent, cloudEventSchema } from './schema';
import { DeadLetters, ShopperContacts } from './ports';
import { describe, fieldErrors } from '../zod-errors';
import * as logs from '../logs';
import { expireAt } from '../adapters/retention';
import { instruments } from '../adapters/metrics';
import { contextFrom, inSpan, SpanKind } from '../adapters/tracing';
import { notifyBackInStock } from './consumers/back-in-stock';
import { raiseStockAlerts } from './consumers/stock-alerts';
import { forwardSale } from './consumers/sales';
import { forwardHold } from './consumers/holds';
import { trackCover } from './consumers/cover';

export function parseEvent(json: unknown): InventoryCloudEvent {
  return cloudEventSchema.parse(json);
}

export type ConsumerName = 'backInStock' | 'alerts' | 'sales' | 'holds' | 'cover';

export interface DispatchOptions {
  defaultThreshold: number;
  deadLetters: DeadLetters;
  contacts?: ShopperContacts;
  /** Deliveries of one event before it is dead-lettered (default 8). */
  maxAttempts?: number;
}

/** A failure that no redelivery can fix: the external system refused the request itself (4xx). */
function permanent(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retryable?: unknown }).retryable === false;
}

async function countAttempt(db: Firestore, eventId: string): Promise<number> {
  const ref = db.collection(C.deliveryAttempts).doc(eventId);
  return db.runTransaction(async (tx) => {
    const n = (((await tx.get(ref)).data()?.attempts as number | undefined) ?? 0) + 1;
    tx.set(ref, { attempts: n, at: FieldValue.serverTimestamp(), expireAt: expireAt('deliveryAttempts') });
    return n;
  });
}

/**
 * Runs every consumer on one event. All of them run even when one fails (a WMS outage must not
 * hold back a shopper's notification); then the failure is rethrown so Pub/Sub redelivers the
 * message, and the consumers that already succeeded skip it by their receipts. Never forever:
 * a message that is not an event, a failure no retry can fix (a 4xx from the WMS), or an event
 * whose consumers still fail after `maxAttempts` deliveries goes to the dead-letter topic with
 * the reason, and is acknowledged.
 */
export async function dispatch(db: Firestore, sink: SalesSink, json: unknown, o: DispatchOptions): Promise<Record<ConsumerName, 'done' | 'failed' | 'dead_lettered'> | null> {
  const parsed = cloudEventSchema.safeParse(json);
  if (!parsed.success) {
    const reason = `not an inventory event: ${describe(fieldErrors(parsed.error, '(message)'))}`;
    logs.poisonMessage('inventory-events', reason);
    await o.deadLetters.send({ message: json, reason, consumers: [], attempts: 1 });
    return null;
  }
  const e = parsed.data;
  // A traced event (its traceparent: the publish span) is consumed in a span continuing that trace, one child per consumer; an untraced one starts none.
  if (!e.traceparent) return consume(db, sink, e, o, false);
  return inSpan('events.consume', { parent: contextFrom(e), kind: SpanKind.CONSUMER, attributes: { 'messaging.message.id': e.id, 'event.type': e.type, 'event.sku': e.subject } }, () => consume(db, sink, e, o, true));
}

async function consume(db: Firestore, sink: SalesSink, e: InventoryCloudEvent, o: DispatchOptions, traced: boolean): Promise<Record<ConsumerName, 'done' | 'failed' | 'dead_lettered'>> {
  const runs: [ConsumerName, () => Promise<unknown>][] = [
    ['backInStock', () => notifyBackInStock(db, e, o.contacts)],
    ['alerts', () => raiseStockAlerts(db, e)],
    ['sales', () => forwardSale(db, sink, e, o.defaultThreshold)],
    ['holds', () => forwardHold(db, sink, e)],
    ['cover', () => trackCover(db, e)],
  ];
  const settled = await Promise.allSettled(runs.map(([name, run]) => (traced ? inSpan(`consumer.${name}`, {}, run) : run())));
  const allDone = settled.every((s) => s.status === 'fulfilled');
  instruments().eventsProcessed.add(1, { type: e.type, outcome: allDone ? 'done' : 'failed' });
  // Commit -> every consumer done: the event delivery SLO (a redelivery counts when it completes).
  if (allDone) instruments().eventDelivery.record(Math.max(0, Date.now() - Date.parse(e.time)) / 1000);
  const outcome = Object.fromEntries(runs.map(([name], i) => [name, settled[i]!.status === 'fulfilled' ? 'done' : 'failed'])) as Record<ConsumerName, 'done' | 'failed' | 'dead_lettered'>;
  const failed = settled.flatMap((s, i) => (s.status === 'rejected' ? [[runs[i]![0], s.reason] as const] : []));
  if (!failed.length) return outcome;
  for (const [name, err] of failed) logs.consumerFailed(name, e.id, err);
  const attempts = await countAttempt(db, e.id);
  const allPermanent = failed.every(([, err]) => permanent(err));
  if (allPermanent || attempts >= (o.maxAttempts ?? 8)) {
    const reason = failed.map(([name, err]) => `${name}: ${err instanceof Error ? err.message : String(err)}`).join('; ');
    await o.deadLetters.send({ message: e, reason: `${allPermanent ? 'permanent failure' : `still failing after ${attempts} deliveries`}: ${reason}`, consumers: failed.map(([n]) => n), attempts });
    logs.deadLettered('inventory-events', e.id, attempts, reason);
    for (const [name] of failed) outcome[name] = 'dead_lettered';
    return outcome;
  }
  throw failed[0]![1];
}


/** Whether `dispatch` gave up on the message (not an event, or a consumer dead-lettered it): the bus ledger counts it so. */
export function isDeadLettered(outcome: Awaited<ReturnType<typeof dispatch>>): boolean {
  return outcome === null || Object.values(outcome).includes('dead_lettered');
}
