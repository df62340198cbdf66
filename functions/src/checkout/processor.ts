/**
 * Applies a batch of checkout commands in ONE Firestore transaction: every SKU document touched by
 * the batch is read once and written once, whatever the number of shoppers holding it. This is
 * what keeps a hot SKU from collapsing into transaction retries (docs/checkout.md).
 */
import { DocumentData, DocumentReference, DocumentSnapshot, Firestore, Timestamp, WriteBatch } from 'firebase-admin/firestore';
import { StockEvent } from '../domain/events';
import { cancelSale, commitSale, levelsOf, reserve, StockState, unreserve } from '../domain/inventory';
import { CartLine, ReservationState, transition } from '../domain/reservation';
import { C } from '../adapters/collections';
import { Code } from '../adapters/firestore-errors';
import { stockFromDoc, stockRef, writeInTransaction } from '../adapters/stock-store';
import { Command, CommandResult } from './commands';
import { LineVerdict } from './errors';

interface WorkingStock {
  state: StockState;
  version: number;
  exists: boolean;
  events: StockEvent[];
  changed: boolean;
}

interface ReservationDoc {
  uid: string;
  cartId: string;
  items: CartLine[];
  state: ReservationState;
  expiresAt: Timestamp;
  maxExpiresAt: Timestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  paymentId?: string;
  committedItems?: CartLine[];
  releasedItems?: CartLine[];
  cancelledItems?: CartLine[];
  /** sku -> the locations its sold units were taken from. */
  allocations?: Record<string, { locationId: string; quantity: number }[]>;
  reason?: string;
}

export interface ProcessOptions {
  defaultThreshold: number;
  now?: () => number;
}

export interface Processed {
  id: string;
  result: CommandResult;
  /** Reservation ids of new holds: the caller schedules their expiry. */
  scheduleExpiry?: { reservationId: string; expiresAt: number };
}

function fail(code: Extract<CommandResult, { ok: false }>['code'], message: string, details?: Record<string, unknown>): CommandResult {
  return { ok: false, code, message, ...(details ? { details } : {}) };
}

export function verdict(sku: string, requested: number, exists: boolean, available: number): LineVerdict {
  if (!exists) return { sku, requested, available: 0, status: 'unknown_sku' };
  if (available <= 0) return { sku, requested, available: 0, status: 'out_of_stock' };
  return { sku, requested, available, status: available >= requested ? 'ok' : 'insufficient' };
}

/** Applies queued commands: reads their documents, skips any already done, records results. */
export async function processCommands(db: Firestore, refs: DocumentReference[], o: ProcessOptions): Promise<Processed[]> {
  return db.runTransaction(async (tx) => {
    const cmdSnaps = await tx.getAll(...refs);
    const pending = cmdSnaps.filter((s) => s.data()?.status === 'pending');
    if (!pending.length) return [];
    const out = await applyInTransaction(tx, db, pending.map((s) => ({ id: s.id, cmd: s.data()!.command as Command })), o);
    const ts = Timestamp.fromMillis((o.now ?? Date.now)());
    for (const p of out) {
      tx.update(db.collection(C.checkoutCommands).doc(p.id), {
        status: p.result.ok ? 'done' : 'failed',
        result: JSON.parse(JSON.stringify(p.result)),
        processedAt: ts,
      });
    }
    return out;
  });
}

/** What the command logic needs from a transaction: reads first, then writes. */
export interface TxLike {
  getAll(...refs: DocumentReference[]): Promise<DocumentSnapshot[]>;
  set(ref: DocumentReference, data: DocumentData): unknown;
  create(ref: DocumentReference, data: DocumentData): unknown;
  update(ref: DocumentReference, data: DocumentData): unknown;
}

/**
 * Optimistic concurrency without locks: reads remember each document's update time, and the
 * commit is a batch whose every write of a read document carries that update time as a
 * precondition (a document read as absent is created). If anything read changed, the whole batch
 * fails with FAILED_PRECONDITION / ALREADY_EXISTS and nothing is written — as serializable as a
 * transaction, but a loser learns it at once instead of queueing behind the document's lock.
 */
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

  update(ref: DocumentReference, data: DocumentData): void {
    const t = this.seen.get(ref.path);
    if (t) this.batch.update(ref, data, { lastUpdateTime: t });
    else this.batch.update(ref, data);
  }
}

/**
 * Applies one command on its own, optimistically (no lock, no queue). Throws on a conflict.
 * `skus`: the SKUs the caller already knows the command touches, read together with its reservation.
 */
export async function processDirect(db: Firestore, cmd: Command, o: ProcessOptions, skus: string[] = []): Promise<Processed> {
  const tx = new OptimisticTx(db);
  const out = await applyInTransaction(tx, db, [{ id: 'direct', cmd }], o, skus);
  await tx.batch.commit();
  return out[0]!;
}

/** The commands' effects, computed and written inside `tx`: one write per touched SKU. */
export async function applyInTransaction(
  tx: TxLike,
  db: Firestore,
  commands: { id: string; cmd: Command }[],
  o: ProcessOptions,
  knownSkus: string[] = [],
): Promise<Processed[]> {
  const now = o.now ?? Date.now;
  {
    const resIds = [...new Set(commands.map((c) => c.cmd.reservationId))];
    // SKUs known up front (a new hold's lines, or what the caller read) come in the same read as
    // the reservations; only the SKUs of other existing reservations need a second one.
    const known = new Set([...knownSkus, ...commands.flatMap(({ cmd }) => (cmd.type === 'reserve' ? cmd.items.map((l) => l.sku) : []))]);
    const first = await tx.getAll(...resIds.map((id) => db.collection(C.reservations).doc(id)), ...[...known].map((sku) => stockRef(db, sku)));
    const reservations = new Map<string, ReservationDoc | undefined>(first.slice(0, resIds.length).map((s) => [s.id, s.data() as ReservationDoc | undefined]));
    const resChanged = new Set<string>();

    const rest = new Set<string>();
    for (const { cmd } of commands) {
      if (cmd.type === 'reserve') continue;
      for (const l of reservations.get(cmd.reservationId)?.items ?? []) if (!known.has(l.sku)) rest.add(l.sku);
    }
    const stock = stockFrom([...first.slice(resIds.length), ...(rest.size ? await tx.getAll(...[...rest].map((sku) => stockRef(db, sku))) : [])], o.defaultThreshold);
    const fulfillments = new Map<string, Record<string, unknown>>();
    const t = now();
    const ts = Timestamp.fromMillis(t);
    const out: Processed[] = [];

    for (const { id, cmd } of commands) {
      const r = apply(id, cmd);
      out.push(r.schedule ? { id, result: r.result, scheduleExpiry: r.schedule } : { id, result: r.result });
    }

    function apply(id: string, cmd: Command): { result: CommandResult; schedule?: { reservationId: string; expiresAt: number } } {
      const res = reservations.get(cmd.reservationId);
      if (cmd.type === 'reserve') {
        if (res) {
          if (res.uid !== cmd.uid) return { result: fail('permission-denied', 'this reservation belongs to someone else') };
          if (res.state === 'held' || res.state === 'committed') return { result: { ok: true, value: reservationView(cmd.reservationId, res) } };
          return { result: fail('failed-precondition', `the reservation for cart ${cmd.cartId} has ${res.state}; use a new cartId`, { reason: `reservation_${res.state}` }) };
        }
        const verdicts = cmd.items.map((l) => {
          const w = stock.get(l.sku)!;
          return verdict(l.sku, l.quantity, w.exists, w.exists ? levelsOf(w.state).available : 0);
        });
        if (verdicts.some((v) => v.status !== 'ok')) {
          return { result: fail('failed-precondition', 'some items are not available', { items: verdicts }) };
        }
        for (const l of cmd.items) {
          const w = stock.get(l.sku)!;
          const r = reserve(w.state, l.quantity, { reservationId: cmd.reservationId, source: 'checkout' });
          if (!r.ok) throw new Error(`reserve failed after a successful check: ${JSON.stringify(r.failure)}`);
          update(w, r.state, r.events);
        }
        const expiresAt = t + cmd.ttlSeconds * 1000;
        const doc: ReservationDoc = {
          uid: cmd.uid,
          cartId: cmd.cartId,
          items: cmd.items,
          state: 'held',
          expiresAt: Timestamp.fromMillis(expiresAt),
          maxExpiresAt: Timestamp.fromMillis(t + cmd.maxLifetimeSeconds * 1000),
          createdAt: ts,
          updatedAt: ts,
        };
        // A hold taken through the queue keeps using it: its SKUs were hot.
        if (id !== 'direct') Object.assign(doc, { viaQueue: true });
        reservations.set(cmd.reservationId, doc);
        resChanged.add(cmd.reservationId);
        return { result: { ok: true, value: reservationView(cmd.reservationId, doc) }, schedule: { reservationId: cmd.reservationId, expiresAt } };
      }

      if (!res) return { result: fail('not-found', `reservation ${cmd.reservationId} does not exist`) };
      if ('uid' in cmd && res.uid !== cmd.uid) return { result: fail('permission-denied', 'this reservation belongs to someone else') };

      if (cmd.type === 'extend') {
        if (res.state !== 'held') return { result: fail('failed-precondition', `the reservation has ${res.state}`, { state: res.state }) };
        const next = Math.min(t + cmd.ttlSeconds * 1000, res.maxExpiresAt.toMillis());
        const expiresAt = Math.max(next, res.expiresAt.toMillis());
        const capped = expiresAt >= res.maxExpiresAt.toMillis();
        res.expiresAt = Timestamp.fromMillis(expiresAt);
        res.updatedAt = ts;
        resChanged.add(cmd.reservationId);
        return { result: { ok: true, value: { state: 'held', expiresAt: new Date(expiresAt).toISOString(), capped } }, schedule: { reservationId: cmd.reservationId, expiresAt } };
      }

      if (cmd.type === 'cancelLine') {
        if (res.state !== 'committed') return { result: fail('failed-precondition', 'only a committed line can be cancelled', { state: res.state }) };
        const committed = (res.committedItems ?? res.items).find((l) => l.sku === cmd.sku);
        const cancelled = (res.cancelledItems ?? []).filter((l) => l.sku === cmd.sku).reduce((n, l) => n + l.quantity, 0);
        if (!committed || committed.quantity - cancelled < cmd.quantity) {
          return { result: fail('failed-precondition', `at most ${committed ? committed.quantity - cancelled : 0} units of ${cmd.sku} can be cancelled`) };
        }
        const w = stock.get(cmd.sku)!;
        const allocations = res.allocations?.[cmd.sku] ?? [];
        let remaining = cmd.quantity;
        let state = w.state;
        const events: StockEvent[] = [];
        for (const a of allocations.length ? allocations : [{ locationId: Object.keys(state.locations)[0] ?? '', quantity: cmd.quantity }]) {
          if (remaining === 0) break;
          const q = Math.min(remaining, a.quantity);
          const r = cancelSale(state, `${cmd.reservationId}:${cmd.sku}`, a.locationId, q, { reservationId: cmd.reservationId, source: 'operator', reason: cmd.reason });
          if (!r.ok) return { result: fail('failed-precondition', `cannot cancel at ${a.locationId}: ${r.failure.code}`) };
          state = r.state;
          events.push(...r.events);
          remaining -= q;
        }
        update(w, state, events);
        res.cancelledItems = [...(res.cancelledItems ?? []), { sku: cmd.sku, quantity: cmd.quantity }];
        res.updatedAt = ts;
        resChanged.add(cmd.reservationId);
        return { result: { ok: true, value: { state: 'committed', cancelled: { sku: cmd.sku, quantity: cmd.quantity } } } };
      }

      const action = cmd.type === 'confirm' ? 'commit' : cmd.type;
      if (cmd.type === 'expire' && res.state === 'held' && res.expiresAt.toMillis() > t) {
        // Extended since this timer was set: not due; the extension armed its own timer.
        return { result: { ok: true, value: { state: 'held', notDue: true } } };
      }
      if (cmd.type === 'confirm' && res.state === 'committed') {
        if (res.paymentId !== cmd.paymentId) return { result: fail('failed-precondition', 'the reservation was already confirmed with another payment') };
        // A retry: the same answer as the first time.
        return { result: { ok: true, value: { state: 'committed', committedItems: res.committedItems ?? [], releasedItems: res.releasedItems ?? [] } } };
      }
      const tr = transition(res.state, action);
      if (!tr.ok) return { result: fail('failed-precondition', `cannot ${cmd.type} a reservation that has ${tr.from}`, { state: tr.from }) };
      if (!tr.changed) return { result: { ok: true, value: { state: tr.next } } };

      if (cmd.type === 'confirm') {
        const lines = cmd.lines ?? res.items;
        const held = new Map(res.items.map((l) => [l.sku, l.quantity]));
        const want = new Map<string, number>();
        for (const l of lines) want.set(l.sku, (want.get(l.sku) ?? 0) + l.quantity);
        for (const [sku, q] of want) {
          if ((held.get(sku) ?? 0) < q) return { result: fail('invalid-argument', `lines: ${sku} confirms ${q} but only ${held.get(sku) ?? 0} are held`, { field: 'lines' }) };
        }
        const committedItems: CartLine[] = [];
        const releasedItems: CartLine[] = [];
        const allocations: Record<string, { locationId: string; quantity: number }[]> = {};
        for (const l of res.items) {
          const w = stock.get(l.sku)!;
          const sell = want.get(l.sku) ?? 0;
          const ref = { reservationId: cmd.reservationId, orderId: cmd.paymentId, source: 'checkout' };
          if (sell > 0) {
            const r = commitSale(w.state, sell, { ...ref, saleId: `${cmd.reservationId}:${l.sku}`, at: t });
            if (!r.ok) throw new Error(`commit failed for a held line: ${JSON.stringify(r.failure)}`);
            update(w, r.state, r.events);
            committedItems.push({ sku: l.sku, quantity: sell });
            allocations[l.sku] = r.allocations ?? [];
          }
          if (l.quantity - sell > 0) {
            const r = unreserve(w.state, l.quantity - sell, { ...ref, reason: 'partial_fulfillment' });
            if (!r.ok) throw new Error(`release failed for a held line: ${JSON.stringify(r.failure)}`);
            update(w, r.state, r.events);
            releasedItems.push({ sku: l.sku, quantity: l.quantity - sell });
          }
        }
        Object.assign(res, { state: 'committed', paymentId: cmd.paymentId, committedItems, releasedItems, allocations, updatedAt: ts });
        resChanged.add(cmd.reservationId);
        fulfillments.set(cmd.reservationId, {
          reservationId: cmd.reservationId,
          uid: res.uid,
          paymentId: cmd.paymentId,
          lines: committedItems.map((l) => ({ ...l, allocations: allocations[l.sku] })),
          wmsState: 'pending',
          createdAt: ts,
        });
        return { result: { ok: true, value: { state: 'committed', committedItems, releasedItems } } };
      }

      // release or expire: every held unit goes back.
      for (const l of res.items) {
        const w = stock.get(l.sku)!;
        const r = unreserve(w.state, l.quantity, { reservationId: cmd.reservationId, source: 'checkout', reason: cmd.type === 'expire' ? 'expired' : cmd.reason });
        if (!r.ok) throw new Error(`release failed for a held line: ${JSON.stringify(r.failure)}`);
        update(w, r.state, r.events);
      }
      Object.assign(res, { state: tr.next, updatedAt: ts, ...(cmd.type === 'release' ? { reason: cmd.reason } : { reason: 'expired' }) });
      resChanged.add(cmd.reservationId);
      return { result: { ok: true, value: { state: tr.next } } };
    }

    function update(w: WorkingStock, state: StockState, events: StockEvent[]) {
      w.state = state;
      w.events.push(...events);
      w.changed = true;
    }

    // One write per SKU; its events in order after it.
    for (const w of stock.values()) if (w.changed) writeInTransaction(tx, db, w, w.state, w.events, ts);
    for (const id of resChanged) tx.set(db.collection(C.reservations).doc(id), reservations.get(id)!);
    for (const [id, f] of fulfillments) tx.set(db.collection(C.fulfillments).doc(id), f);
    return out;
  }
}

function stockFrom(snaps: DocumentSnapshot[], threshold: number): Map<string, WorkingStock> {
  const out = new Map<string, WorkingStock>();
  for (const s of snaps) {
    const { state, version } = stockFromDoc(s.id, s.data(), threshold);
    out.set(s.id, { state, version, exists: s.exists, events: [], changed: false });
  }
  return out;
}

export function reservationView(id: string, r: { state: string; expiresAt: Timestamp; items: CartLine[] }): Record<string, unknown> {
  return { reservationId: id, state: r.state, expiresAt: r.expiresAt.toDate().toISOString(), items: r.items };
}
