/**
 * Optimistic concurrency without locks: reads remember each document's update time, and the
 * commit is a batch whose every write of a read document carries that update time as a
 * precondition (a document read as absent is created). If anything read changed, the whole batch
 * fails with FAILED_PRECONDITION / ALREADY_EXISTS and nothing is written — as serializable as a
 * transaction, but a loser learns it at once instead of queueing behind the document's lock.
 */
import { DocumentData, DocumentReference, DocumentSnapshot, FieldPath, Firestore, Timestamp, WriteBatch } from 'firebase-admin/firestore';
import { Code } from './firestore-errors';

/** What a unit of work needs from a transaction (or an optimistic batch): reads first, then writes. */
export interface TxLike {
  getAll(...refs: DocumentReference[]): Promise<DocumentSnapshot[]>;
  set(ref: DocumentReference, data: DocumentData): unknown;
  create(ref: DocumentReference, data: DocumentData): unknown;
  update(ref: DocumentReference, data: DocumentData): unknown;
  update(ref: DocumentReference, field: FieldPath, value: unknown, ...moreFieldsAndValues: unknown[]): unknown;
  delete(ref: DocumentReference): unknown;
}

export class OptimisticTx implements TxLike {
  private readonly seen = new Map<string, Timestamp | null>();
  private firstReadAt?: Timestamp;
  readonly batch: WriteBatch;

  constructor(private readonly db: Firestore) {
    this.batch = db.batch();
  }

  async getAll(...refs: DocumentReference[]): Promise<DocumentSnapshot[]> {
    const snaps = await this.db.getAll(...refs);
    // Separate reads are separate snapshots: a document changed after the first read makes the
    // reads disagree (a reservation still held, its stock already released), so this attempt is
    // over before any decision is taken on them. (Timestamps compare through valueOf.)
    const first = this.firstReadAt;
    for (const s of snaps) {
      if (first && s.updateTime && s.updateTime > first) {
        throw Object.assign(new Error(`${s.ref.path} changed while it was being read`), { code: Code.ABORTED });
      }
      this.seen.set(s.ref.path, s.exists ? (s.updateTime ?? null) : null);
    }
    // One getAll is one snapshot: all its documents share a read time.
    this.firstReadAt ??= snaps[0]?.readTime;
    return snaps;
  }

  set(ref: DocumentReference, data: DocumentData): void {
    const t = this.seen.get(ref.path);
    if (t === undefined) this.batch.set(ref, data);
    else if (t === null) this.batch.create(ref, data);
    // update() replaces every field it names (maps included): the same as set() for our documents.
    else this.batch.update(ref, data, { lastUpdateTime: t });
  }

  create(ref: DocumentReference, data: DocumentData): void {
    this.batch.create(ref, data);
  }

  /** An update (object form, or Firestore's field-path form), conditioned on the document as read. */
  update(ref: DocumentReference, data: DocumentData): void;
  update(ref: DocumentReference, field: FieldPath, value: unknown, ...moreFieldsAndValues: unknown[]): void;
  update(ref: DocumentReference, dataOrField: DocumentData | FieldPath, ...rest: unknown[]): void {
    const t = this.seen.get(ref.path);
    const pre = t ? [{ lastUpdateTime: t }] : [];
    if (dataOrField instanceof FieldPath) (this.batch.update as (...a: unknown[]) => unknown)(ref, dataOrField, ...rest, ...pre);
    else if (t) this.batch.update(ref, dataOrField, { lastUpdateTime: t });
    else this.batch.update(ref, dataOrField);
  }

  delete(ref: DocumentReference): void {
    const t = this.seen.get(ref.path);
    if (t) this.batch.delete(ref, { lastUpdateTime: t });
    else this.batch.delete(ref);
  }

  commit(): Promise<unknown> {
    return this.batch.commit();
  }
}
