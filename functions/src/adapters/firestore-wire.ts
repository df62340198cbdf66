/**
 * A lean commit path for the sync's bulk writes: documents are encoded straight into Firestore's
 * wire format and committed through the library's own generated v1 client, skipping the
 * high-level SDK's per-value validation and field-path bookkeeping.
 *
 * Why: profiling the sync at 20,000 changes/s (docs/benchmarks.md) showed the Node process, not
 * Firestore, was the limit: the SDK spent about two thirds of its CPU validating and converting
 * 20-location documents before they reached the wire. This path halves that CPU for the same
 * writes. Only the applier's batches use it; everything else stays on the SDK.
 *
 * It covers the value types the stock and event documents use (null, booleans, numbers, strings,
 * Timestamps, maps, arrays) and refuses anything else, so a new field type fails loudly in tests.
 */
import { createRequire } from 'node:module';
import { v1 } from '@google-cloud/firestore';
import { DocumentData, DocumentReference, FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { projectId } from './firebase';

/** The google-gax (and gRPC) the v1 client was built with: credentials must come from the same copy. */
const gax = createRequire(require.resolve('@google-cloud/firestore'))('google-gax') as { grpc: { credentials: { createInsecure(): unknown } } };

type ProtoTimestamp = { seconds: number; nanos: number };
type ProtoValue =
  | { nullValue: 'NULL_VALUE' }
  | { booleanValue: boolean }
  | { integerValue: number }
  | { doubleValue: number }
  | { stringValue: string }
  | { timestampValue: ProtoTimestamp }
  | { mapValue: { fields: Record<string, ProtoValue> } }
  | { arrayValue: { values: ProtoValue[] } };

type ProtoWrite = (
  | { update: { name: string; fields: Record<string, ProtoValue> }; updateMask?: { fieldPaths: string[] } }
  | { delete: string }
) & { currentDocument?: { exists: boolean } | { updateTime: ProtoTimestamp } };

const DELETE = FieldValue.delete();

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function encodeValue(v: unknown, field: string): ProtoValue {
  if (v === null) return { nullValue: 'NULL_VALUE' };
  switch (typeof v) {
    case 'boolean':
      return { booleanValue: v };
    case 'string':
      return { stringValue: v };
    case 'number':
      // The SDK's rule: safe integers (but not -0) are integers, everything else a double.
      return Number.isSafeInteger(v) && !Object.is(v, -0) ? { integerValue: v } : { doubleValue: v };
    case 'object':
      if (v instanceof Timestamp) return { timestampValue: { seconds: v.seconds, nanos: v.nanoseconds } };
      if (Array.isArray(v)) {
        return {
          arrayValue: {
            values: v.map((x, i) => {
              if (Array.isArray(x)) throw new TypeError(`${field}[${i}]: Firestore arrays cannot hold arrays`);
              return encodeValue(x, `${field}[${i}]`);
            }),
          },
        };
      }
      if (isPlainObject(v)) return { mapValue: { fields: encodeFields(v as DocumentData, field) } };
  }
  throw new TypeError(`${field}: cannot encode ${typeof v === 'object' ? (v as object).constructor?.name : typeof v} for Firestore`);
}

/** Encodes a map's fields; undefined fields are dropped (as with ignoreUndefinedProperties). */
function encodeFields(data: DocumentData, field = ''): Record<string, ProtoValue> {
  const out: Record<string, ProtoValue> = {};
  for (const k in data) {
    const v = data[k];
    if (v !== undefined) out[k] = encodeValue(v, field ? `${field}.${k}` : k);
  }
  return out;
}

const SIMPLE = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
const segment = (s: string) => (SIMPLE.test(s) ? s : '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`');

/** A commit of many writes in one atomic request, the subset of WriteBatch the applier needs. */
export class WireBatch {
  private readonly writes: ProtoWrite[] = [];

  constructor(private readonly client: WireClient) {}

  create(ref: DocumentReference, data: DocumentData): this {
    this.writes.push({ update: { name: this.client.name(ref), fields: encodeFields(data) }, currentDocument: { exists: false } });
    return this;
  }

  /** With `merge`, only the top-level fields named in `data` are replaced. */
  set(ref: DocumentReference, data: DocumentData, options?: { merge: true }): this {
    const write: ProtoWrite = { update: { name: this.client.name(ref), fields: encodeFields(data) } };
    if (options?.merge) write.updateMask = { fieldPaths: Object.keys(data).map(segment) };
    this.writes.push(write);
    return this;
  }

  /**
   * Sets the given fields, each named by its path segments (`['locations', 'wh-01']` is one
   * location; FieldValue.delete() removes a field), and leaves every other field alone, only if
   * the document was last updated at `lastUpdateTime`.
   */
  update(ref: DocumentReference, fields: [string[], unknown][], precondition: { lastUpdateTime: Timestamp }): this {
    const root: Record<string, ProtoValue> = {};
    const mask: string[] = [];
    for (const [segs, value] of fields) {
      mask.push(segs.map(segment).join('.'));
      if (value instanceof FieldValue && value.isEqual(DELETE)) continue;
      let map = root;
      for (const s of segs.slice(0, -1)) {
        const child = (map[s] ??= { mapValue: { fields: {} } });
        if (!('mapValue' in child)) throw new TypeError(`${segs.join('.')}: a parent of this field is also set to a value`);
        map = child.mapValue.fields;
      }
      map[segs[segs.length - 1]!] = encodeValue(value, segs.join('.'));
    }
    const t = precondition.lastUpdateTime;
    this.writes.push({
      update: { name: this.client.name(ref), fields: root },
      updateMask: { fieldPaths: mask },
      currentDocument: { updateTime: { seconds: t.seconds, nanos: t.nanoseconds } },
    });
    return this;
  }

  delete(ref: DocumentReference): this {
    this.writes.push({ delete: this.client.name(ref) });
    return this;
  }

  /** Commits atomically; resolves with each write's update time, in the order they were added. */
  async commit(): Promise<Timestamp[]> {
    if (!this.writes.length) return [];
    return this.client.commit(this.writes);
  }
}

function toTimestamp(t: { seconds?: unknown; nanos?: unknown } | null | undefined): Timestamp {
  return new Timestamp(Number(String(t?.seconds ?? 0)), Number(t?.nanos ?? 0));
}

/** One generated v1 client per Firestore database, set up as the SDK sets up its own. */
export class WireClient {
  private static readonly clients = new WeakMap<Firestore, WireClient>();
  private readonly gapic: InstanceType<typeof v1.FirestoreClient>;
  private readonly database: string;
  private readonly headers: Record<string, string>;

  static for(db: Firestore): WireClient {
    let c = WireClient.clients.get(db);
    if (!c) WireClient.clients.set(db, (c = new WireClient(db)));
    return c;
  }

  private constructor(db: Firestore) {
    this.database = `projects/${projectId()}/databases/${db.databaseId}`;
    this.headers = { 'google-cloud-resource-prefix': this.database };
    const emulator = process.env.FIRESTORE_EMULATOR_HOST;
    if (emulator) {
      // As the SDK does for the emulator: plain text, and the owner token that bypasses rules.
      const i = emulator.lastIndexOf(':');
      this.gapic = new v1.FirestoreClient({ servicePath: emulator.slice(0, i), port: Number(emulator.slice(i + 1)), sslCreds: gax.grpc.credentials.createInsecure() as never });
      this.headers.Authorization = 'Bearer owner';
    } else {
      this.gapic = new v1.FirestoreClient();
    }
  }

  name(ref: DocumentReference): string {
    return `${this.database}/documents/${ref.path}`;
  }

  async commit(writes: ProtoWrite[]): Promise<Timestamp[]> {
    const [res] = await this.gapic.commit({ database: this.database, writes } as never, { otherArgs: { headers: this.headers } });
    const commitTime = toTimestamp(res.commitTime as never);
    return (res.writeResults ?? []).map((r) => (r.updateTime ? toTimestamp(r.updateTime as never) : commitTime));
  }
}
