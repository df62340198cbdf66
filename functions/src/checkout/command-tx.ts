/**
 * The shared transaction runner of checkout commands. A batch of commands is applied in ONE
 * transaction (or one optimistic batch): every document it touches is read once and written
 * once, whatever the number of shoppers holding a SKU — what keeps a hot SKU from collapsing
 * into transaction retries (docs/checkout.md). The decisions are in commands/, one file each.
 */
import { DocumentReference, DocumentSnapshot, Firestore, Timestamp } from 'firebase-admin/firestore';
import { StockEvent } from '../domain/events';
import { StockState } from '../domain/inventory';
import { C } from '../adapters/collections';
import { OptimisticTx, TxLike } from '../adapters/optimistic-tx';
import { loadStocks, stockRef, writeInTransaction } from '../stock/stock-store';
import { OutboxGroup } from '../stock/outbox';
import { Command, CommandResult } from './command';
import { ReservationDoc, reservationRef } from './reservation-store';
import { FulfillmentDoc, fulfillmentRef } from '../stock/fulfillment-store';
import { ShopperHolds, shopperDoc, shopperFromDoc, shopperRef } from './shopper-store';
import { CommandContext, Decided, WorkingStock } from './commands/context';
import { reserve } from './commands/reserve';
import { extend } from './commands/extend';
import { cancelLine } from './commands/cancel-line';
import { confirm } from './commands/confirm';
import { expire, release } from './commands/release';
import { loadAllocation } from '../adapters/allocation-config';

export interface ProcessOptions {
  defaultThreshold: number;
  now?: () => number;
}

export interface Processed {
  id: string;
  result: CommandResult;
  /** New or extended holds: the caller schedules their expiry. */
  scheduleExpiry?: { reservationId: string; expiresAt: number };
}

const DECIDE: { [T in Command['type']]: (ctx: CommandContext, cmd: Extract<Command, { type: T }>) => Decided } = {
  reserve,
  extend,
  cancelLine,
  confirm,
  release,
  expire,
};

function decide(ctx: CommandContext, cmd: Command): Decided {
  return (DECIDE[cmd.type] as (ctx: CommandContext, cmd: Command) => Decided)(ctx, cmd);
}

/** Applies queued commands in one transaction: reads their documents, skips any already done, records results. */
export async function processCommands(db: Firestore, refs: DocumentReference[], o: ProcessOptions): Promise<Processed[]> {
  return db.runTransaction(async (tx) => {
    const cmdSnaps = await tx.getAll(...refs);
    const pending = cmdSnaps.filter((s) => s.data()?.status === 'pending');
    if (!pending.length) return [];
    const out = await applyCommands(tx, db, pending.map((s) => ({ id: s.id, cmd: s.data()!.command as Command })), { ...o, via: 'queue' });
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

/**
 * Applies one command on its own, optimistically (no lock, no queue). Throws on a conflict.
 * `skus`: the SKUs the caller already knows the command touches, read together with its reservation.
 */
export async function processDirect(db: Firestore, cmd: Command, o: ProcessOptions, skus: string[] = []): Promise<Processed> {
  const tx = new OptimisticTx(db);
  const out = await applyCommands(tx, db, [{ id: cmd.reservationId, cmd }], { ...o, via: 'direct' }, skus);
  await tx.commit();
  return out[0]!;
}

/** The commands' effects, decided in order and written inside `tx`: one write per touched document. */
export async function applyCommands(
  tx: TxLike,
  db: Firestore,
  commands: { id: string; cmd: Command }[],
  o: ProcessOptions & { via: 'queue' | 'direct' },
  knownSkus: string[] = [],
): Promise<Processed[]> {
  const allocation = await loadAllocation(db);
  const resIds = [...new Set(commands.map((c) => c.cmd.reservationId))];
  // SKUs and shoppers known up front (a new hold's lines and uid, or SKUs the caller read) come in
  // the same read as the reservations; only those of other existing reservations need a second one.
  const known = new Set([...knownSkus, ...commands.flatMap(({ cmd }) => (cmd.type === 'reserve' ? cmd.items.map((l) => l.sku) : []))]);
  const knownUids = new Set(commands.flatMap(({ cmd }) => (cmd.type === 'reserve' ? [cmd.uid] : [])));
  const first = await tx.getAll(
    ...resIds.map((id) => reservationRef(db, id)),
    ...[...known].map((sku) => stockRef(db, sku)),
    ...[...knownUids].map((uid) => shopperRef(db, uid)),
  );
  const reservations = new Map(first.slice(0, resIds.length).map((s) => [s.id, s.data() as ReservationDoc | undefined]));
  const rest = new Set<string>();
  const restUids = new Set<string>();
  for (const { cmd } of commands) {
    if (cmd.type === 'reserve') continue;
    const res = reservations.get(cmd.reservationId);
    for (const l of res?.items ?? []) if (!known.has(l.sku)) rest.add(l.sku);
    if (res && !knownUids.has(res.uid)) restUids.add(res.uid);
  }
  const second = rest.size || restUids.size ? await tx.getAll(...[...rest].map((sku) => stockRef(db, sku)), ...[...restUids].map((uid) => shopperRef(db, uid))) : [];
  const stockSnaps = [...first.slice(resIds.length, resIds.length + known.size), ...second.slice(0, rest.size)];
  const stock = await workingStock(tx, db, stockSnaps, o.defaultThreshold);
  const shoppers = new Map<string, ShopperHolds>();
  for (const snap of [...first.slice(resIds.length + known.size), ...second.slice(rest.size)]) shoppers.set(snap.id, shopperFromDoc(snap.id, snap));
  const savedShoppers = new Set<string>();

  const now = (o.now ?? Date.now)();
  const ts = Timestamp.fromMillis(now);
  const savedReservations = new Set<string>();
  const fulfillments = new Map<string, FulfillmentDoc>();
  const ctx: CommandContext = {
    now,
    ts,
    via: o.via,
    allocation: { cfg: allocation.cfg, configured: allocation.configured },
    reservation: (id) => reservations.get(id),
    stock: (sku) => {
      const w = stock.get(sku);
      if (!w) throw new Error(`SKU ${sku} was not read by this batch`);
      return w;
    },
    saveReservation: (id, doc) => {
      reservations.set(id, doc);
      savedReservations.add(id);
    },
    changeStock: (w: WorkingStock, state: StockState, events: readonly StockEvent[]) => {
      w.state = state;
      w.events.push(...events);
      w.changed = true;
    },
    fulfil: (id, doc) => fulfillments.set(id, doc),
    shopper: (uid) => {
      const sh = shoppers.get(uid);
      if (!sh) throw new Error(`shopper ${uid} was not read by this batch`);
      return sh;
    },
    saveShopper: (sh) => {
      shoppers.set(sh.uid, sh);
      savedShoppers.add(sh.uid);
    },
  };
  const out: Processed[] = commands.map(({ id, cmd }) => {
    const d = decide(ctx, cmd);
    return d.schedule ? { id, result: d.result, scheduleExpiry: d.schedule } : { id, result: d.result };
  });

  // One write per SKU, its events in order after it (their outbox copies as one document); then the reservations and fulfilments.
  const outbox = new OutboxGroup();
  for (const w of stock.values()) if (w.changed) writeInTransaction(tx, db, { version: w.version, state: w.read, complete: w.complete }, w.state, w.events, ts, undefined, outbox);
  outbox.write(tx, db, ts);
  for (const id of savedReservations) tx.set(reservationRef(db, id), reservations.get(id)!);
  for (const [id, f] of fulfillments) tx.set(fulfillmentRef(db, id), f);
  for (const uid of savedShoppers) tx.set(shopperRef(db, uid), shopperDoc(shoppers.get(uid)!, ts));
  return out;
}

async function workingStock(tx: TxLike, db: Firestore, snaps: DocumentSnapshot[], threshold: number): Promise<Map<string, WorkingStock>> {
  const out = new Map<string, WorkingStock>();
  for (const s of await loadStocks((...refs) => tx.getAll(...refs), db, snaps, threshold)) {
    out.set(s.sku, { state: s.state, read: s.state, version: s.version, exists: s.exists, complete: s.complete, events: [], changed: false });
  }
  return out;
}
