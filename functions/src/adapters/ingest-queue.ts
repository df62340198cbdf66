/** The push-ingestion queue: one Pub/Sub message per job (its rows live with the job). */
import { PubSub, Topic } from '@google-cloud/pubsub';
import { IngestQueue } from '../ingest/service';
import { PublishLedger, recordPublished } from './pubsub-publisher';
import { carrierOf, TraceCarrier } from './tracing';

export const INGEST_TOPIC = 'inventory-ingest';

export class PubSubIngestQueue implements IngestQueue {
  private topic: Promise<Topic> | undefined;

  constructor(
    private readonly pubsub = new PubSub(),
    private readonly name = INGEST_TOPIC,
    private readonly ledger?: PublishLedger,
  ) {}

  async enqueue(jobId: string, trace: TraceCarrier = carrierOf()): Promise<void> {
    this.topic ??= this.pubsub.topic(this.name).get({ autoCreate: true }).then(([t]) => t);
    // The trace context as message attributes: the worker's span continues the push's trace.
    await (await this.topic).publishMessage({ json: { jobId }, attributes: { ...trace } });
    await recordPublished(this.ledger, this.name, 1);
  }
}
