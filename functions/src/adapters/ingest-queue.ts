/** The push-ingestion queue: one Pub/Sub message per job (its rows live with the job). */
import { PubSub, Topic } from '@google-cloud/pubsub';
import { IngestQueue } from '../ingest/service';
import { PublishLedger, recordPublished } from './pubsub-publisher';

export const INGEST_TOPIC = 'inventory-ingest';

export class PubSubIngestQueue implements IngestQueue {
  private topic: Promise<Topic> | undefined;

  constructor(
    private readonly pubsub = new PubSub(),
    private readonly name = INGEST_TOPIC,
    private readonly ledger?: PublishLedger,
  ) {}

  async enqueue(jobId: string): Promise<void> {
    this.topic ??= this.pubsub.topic(this.name).get({ autoCreate: true }).then(([t]) => t);
    await (await this.topic).publishMessage({ json: { jobId } });
    await recordPublished(this.ledger, this.name, 1);
  }
}
