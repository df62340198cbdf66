/**
 * The dead-letter topic of the event consumers (`inventory-events-dead-letter`): a message that
 * will never be processed is published here with the reason, for an operator (or a replay after a
 * fix), instead of being redelivered forever.
 */
import { PubSub, Topic } from '@google-cloud/pubsub';
import { DeadLetters } from '../events/ports';

export const DEAD_LETTER_TOPIC = 'inventory-events-dead-letter';

export class PubSubDeadLetters implements DeadLetters {
  private topic: Promise<Topic> | undefined;

  constructor(private readonly pubsub = new PubSub(), private readonly topicName = DEAD_LETTER_TOPIC) {}

  async send(letter: { message: unknown; reason: string; consumers: string[]; attempts: number }): Promise<void> {
    this.topic ??= this.pubsub.topic(this.topicName).get({ autoCreate: true }).then(([t]) => t);
    const topic = await this.topic;
    await topic.publishMessage({
      json: letter,
      attributes: { reason: letter.reason.slice(0, 1000), consumers: letter.consumers.join(','), attempts: String(letter.attempts) },
    });
  }
}
