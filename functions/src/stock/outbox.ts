/**
 * The event outbox (`eventOutbox`): what the relay publishes from (events/publisher.ts).
 *
 * A commit writes its events' outbox copies as **one outbox document** holding them all, not one
 * document per event: `events`, one JSON string of the entries in the order they were added (a
 * SKU's entries of the commit together, in ordinal order). Per event, that leaves the log entry as
 * the only write besides the stock document: the outbox costs one create and one delete per commit
 * instead of one of each per event. The payload is opaque to Firestore (only the relay reads it,
 * whole): as one string it is stored and read back without a field per value of every event, which
 * in the emulator made writing 9,000 events' copies 10-40x and reading them back 3-6x faster than
 * the same entries as an array of maps (docs/benchmarks.md, events). A commit whose copies would
 * exceed `GROUP_BYTES` writes several documents, split only between SKUs, so a SKU's events of one
 * commit are never split across documents (nor across the relay's pages).
 *
 * Single-entry documents (the outbox's first shape: the entry at the top level, id = the log
 * entry's) are still read: earlier builds wrote them and `npm run migrate` writes them for log
 * entries from before the outbox (0.7.0).
 */
import { DocumentData, DocumentReference, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';

/** Bytes of JSON per outbox document (Firestore's limit for a document is 1 MiB). */
export const GROUP_BYTES = 600_000;

/** A log entry's copy in a single-entry outbox document, same id as the entry (the first shape; `npm run migrate` writes it). */
export function outboxRef(db: Firestore, id: string): DocumentReference {
  return db.collection(C.eventOutbox).doc(id);
}

/** The outbox copy of a log entry: everything the relay publishes from, without the log's retention stamp. */
export function outboxData(entry: DocumentData): DocumentData {
  const { expireAt: _kept, published: _flag, ...rest } = entry;
  // (`published` is on entries written before 0.8.0, which `npm run migrate` copies.)
  return rest;
}

/** What writing the outbox needs from a transaction or a batch. */
export interface OutboxWriter {
  create(ref: DocumentReference, data: DocumentData): unknown;
}

/** Collects one commit's outbox copies; `write` adds them to the commit as one document (or a few, for a large commit). */
export class OutboxGroup {
  private readonly groups: { json: string[]; bytes: number }[] = [];

  /** One SKU's entries of this commit, in ordinal order. */
  add(entries: readonly DocumentData[]): void {
    if (!entries.length) return;
    const json = entries.map(encode);
    const bytes = json.reduce((n, j) => n + j.length + 1, 0);
    const last = this.groups[this.groups.length - 1];
    if (last && last.bytes + bytes <= GROUP_BYTES) {
      last.json.push(...json);
      last.bytes += bytes;
    } else this.groups.push({ json, bytes });
  }

  get size(): number {
    return this.groups.reduce((n, g) => n + g.json.length, 0);
  }

  /** Adds the documents to `w`; returns how many writes that is. */
  write(w: OutboxWriter, db: Firestore, createdAt: Timestamp): number {
    for (const g of this.groups) w.create(db.collection(C.eventOutbox).doc(), { createdAt, count: g.json.length, events: `[${g.json.join(',')}]` });
    const n = this.groups.length;
    this.groups.length = 0;
    return n;
  }
}

/** A group's `events` for these entries (what is left of a group after a partial publish). */
export function outboxEvents(entries: readonly DocumentData[]): string {
  return `[${entries.map(encode).join(',')}]`;
}

/** The entries an outbox document holds, in order: a group's, or the single entry of the first shape. */
export function outboxEntries(data: DocumentData): DocumentData[] {
  if (!isGroup(data)) return [data];
  return (JSON.parse(data.events) as DocumentData[]).map((e) => ({ ...e, createdAt: Timestamp.fromMillis(e.createdAt as number) }));
}

/** Whether an outbox document is a group (else a single entry of the first shape). */
export function isGroup(data: DocumentData): boolean {
  return typeof data.events === 'string';
}

/**
 * An entry's outbox copy as JSON (`outboxData`, with `createdAt`, its only timestamp, as
 * milliseconds). A log entry's data is already JSON (`dataJson`): it goes in as the copy's `data`,
 * as it is, so it is neither escaped into the group's string nor parsed twice by the relay.
 */
function encode(entry: DocumentData): string {
  const { dataJson, ...copy } = outboxData(entry);
  copy.createdAt = (entry.createdAt as Timestamp).toMillis();
  if (typeof dataJson !== 'string') return JSON.stringify(copy);
  delete copy.data;
  // `data` is the last key: its placeholder value is the last character before the closing brace.
  return `${JSON.stringify({ ...copy, data: 0 }).slice(0, -2)}${dataJson}}`;
}
