/** The outbox publisher loop and the event consumers. */
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { onMessagePublished } from 'firebase-functions/v2/pubsub';
import { RELAY, SECRETS } from '../config';
import { busLedger, config, deadLetters, eventPublisher, invocationOwner, shopperContacts, wmsConnector } from '../app';
import { firestore, projectId } from '../adapters/firebase';
import { EVENTS_TOPIC } from '../adapters/pubsub-publisher';
import { runPublisherShift } from '../events/publisher-loop';
import { dispatch, isDeadLettered } from '../events/dispatcher';
import { flushTraces } from '../adapters/tracing';


/** The outbox publisher as a relay of two jobs, like the sync's poller (RELAY in config.ts). */
function publisherShift() {
  return onSchedule({ schedule: 'every 1 minutes', timeoutSeconds: RELAY.timeoutSeconds, maxInstances: 1, concurrency: 1, retryCount: 0 }, async () => {
    await runPublisherShift(firestore(), eventPublisher(), projectId(), {
      owner: invocationOwner(),
      holdMs: RELAY.holdMs,
      lifeMs: RELAY.publisherLifeMs,
      intervalMs: RELAY.publisherIntervalMs,
      leaseTtlMs: RELAY.publisherLeaseTtlMs,
    });
    await flushTraces();
  });
}

export const publishEvents = publisherShift();
export const publishEventsRelay = publisherShift();

/**
 * One subscriber runs every consumer of an event (events/consumers.ts `dispatch`): one invocation
 * per event instead of one per consumer, three of which would do nothing for any given type.
 * Each consumer is idempotent on the event id, so a redelivery after one consumer failed
 * repeats only what did not happen.
 */
export const onInventoryEvent = onMessagePublished({ topic: EVENTS_TOPIC, retry: true, maxInstances: 20, concurrency: 40, secrets: SECRETS.wms }, async (msg) => {
  const cfg = config();
  try {
    await busLedger().handle(
      'onInventoryEvent',
      () => dispatch(firestore(), wmsConnector(), msg.data.message.json, { defaultThreshold: cfg.lowStockThreshold, deadLetters: deadLetters(), contacts: shopperContacts() }),
      isDeadLettered,
    );
  } finally {
    await flushTraces();
  }
});
