/** The outbox publisher loop and the event consumers. */
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { onMessagePublished } from 'firebase-functions/v2/pubsub';
import { SECRETS } from '../config';
import { config, instanceId, wmsConnector } from '../app';
import { firestore, projectId } from '../adapters/firebase';
import { EVENTS_TOPIC, PubSubEventPublisher } from '../adapters/pubsub-publisher';
import { runPublisherWindow } from '../events/publisher-loop';
import { forwardHold, forwardSale, notifyBackInStock, parseEvent, raiseStockAlerts } from '../events/consumers';

let publisher: PubSubEventPublisher | undefined;

export const publishEvents = onSchedule({ schedule: 'every 1 minutes', timeoutSeconds: 120, maxInstances: 1 }, async () => {
  publisher ??= new PubSubEventPublisher();
  await runPublisherWindow(firestore(), publisher, projectId(), { owner: instanceId, windowMs: 55_000, intervalMs: 250 });
});

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
