/** The outbox publisher loop and the event consumers. */
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { onMessagePublished } from 'firebase-functions/v2/pubsub';
import { RELAY, SECRETS } from '../config';
import { config, invocationOwner, wmsConnector } from '../app';
import { firestore, projectId } from '../adapters/firebase';
import { EVENTS_TOPIC, PubSubEventPublisher } from '../adapters/pubsub-publisher';
import { runPublisherShift } from '../events/publisher-loop';
import { forwardHold, forwardSale, notifyBackInStock, parseEvent, raiseStockAlerts } from '../events/consumers';

let publisher: PubSubEventPublisher | undefined;

/** The outbox publisher as a relay of two jobs, like the sync's poller (RELAY in config.ts). */
function publisherShift() {
  return onSchedule({ schedule: 'every 1 minutes', timeoutSeconds: RELAY.timeoutSeconds, maxInstances: 1, concurrency: 1, retryCount: 0 }, async () => {
    publisher ??= new PubSubEventPublisher();
    await runPublisherShift(firestore(), publisher, projectId(), {
      owner: invocationOwner(),
      holdMs: RELAY.holdMs,
      lifeMs: RELAY.publisherLifeMs,
      intervalMs: RELAY.publisherIntervalMs,
      leaseTtlMs: RELAY.publisherLeaseTtlMs,
    });
  });
}

export const publishEvents = publisherShift();
export const publishEventsRelay = publisherShift();

const consumer = { retry: true, maxInstances: 20, concurrency: 40 } as const;

export const onBackInStock = onMessagePublished({ topic: EVENTS_TOPIC, ...consumer }, async (msg) => {
  await notifyBackInStock(firestore(), parseEvent(msg.data.message.json));
});

export const onStockAlert = onMessagePublished({ topic: EVENTS_TOPIC, ...consumer }, async (msg) => {
  await raiseStockAlerts(firestore(), parseEvent(msg.data.message.json));
});

export const onSaleCommitted = onMessagePublished({ topic: EVENTS_TOPIC, ...consumer, secrets: SECRETS.wms }, async (msg) => {
  const cfg = config();
  await forwardSale(firestore(), wmsConnector(cfg), parseEvent(msg.data.message.json), cfg.lowStockThreshold);
});

export const onHoldChanged = onMessagePublished({ topic: EVENTS_TOPIC, ...consumer, secrets: SECRETS.wms }, async (msg) => {
  await forwardHold(firestore(), wmsConnector(config()), parseEvent(msg.data.message.json));
});
