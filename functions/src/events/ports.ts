/** Ports of the event capability: what the publisher and the consumers need from the outside (adapters/ implements them). */
import type { InventoryCloudEvent } from './schema';

export interface OutgoingMessage {
  /** The partition key: the SKU. The adapter sends it as the ordering key, or a stable shard of it (events/ordering.ts). */
  orderingKey: string;
  event: InventoryCloudEvent;
}

/** The topic the event log is published to, in order per ordering key. */
export interface EventPublisher {
  /** Publishes in order per ordering key; resolves with the ids that were acknowledged. */
  publish(messages: OutgoingMessage[]): Promise<{ published: string[]; failed: string[] }>;
}

/** Where messages go that will never be processed (a dead-letter topic). */
export interface DeadLetters {
  send(letter: { message: unknown; reason: string; consumers: string[]; attempts: number }): Promise<void>;
}

/** Where a shopper is reached outside the page: their e-mail, by uid (none: the page only). */
export interface ShopperContacts {
  emails(uids: string[]): Promise<Map<string, string>>;
}
