/**
 * The checkout command queue. A command runs as its own optimistic transaction while its SKUs are
 * quiet; when one is hot (hot-skus.ts) callers write their command as a document and wait for its
 * result, and whoever finds the queue without a processor takes the shared lease and becomes it,
 * applying all pending commands in batches (command-tx.ts), then gives the lease back. No extra
 * infrastructure, no lost wake-ups (a waiter re-checks the lease every slice), and a crashed
 * processor's lease simply expires. The per-minute sweeper drains the queue too, for commands
 * whose caller died.
 */
import { randomUUID } from 'node:crypto';
import { DocumentReference, FieldValue, Firestore } from 'firebase-admin/firestore';
import * as logs from '../logs';
import { Code, codeOf, isConflict, isTransient } from '../adapters/firestore-errors';
import { C } from '../adapters/collections';
import { RelayLease } from '../adapters/lease';
import { Command, CommandResult, commandId } from './command';
import { applyCommands, Processed, processCommands, processDirect } from './command-tx';
import { OptimisticTx } from '../adapters/optimistic-tx';
import { readReservation } from './reservation-store';
import { HotSkus } from './hot-skus';
import { CheckoutError } from './errors';
import { expireAt } from '../adapters/retention';

export interface QueueOptions {
  defaultThreshold: number;
  /** The process's id; each drain holds the lease as its own owner under it. */
  owner: string;
  batchSize?: number;
  leaseMs?: number;
  waitSliceMs?: number;
  timeoutMs?: number;
  /** Longest one processor keeps draining before handing over. */
  drainMs?: number;
  onProcessed?: (processed: Processed[]) => Promise<void>;
  /** Applies a batch of queued commands; replaced only by tests that inject faults. */
  processor?: typeof processCommands;
  /** A direct transaction slower than this (or retried) marks its SKUs hot. */
  hotAfterMs?: number;
  hotForMs?: number;
  hotRefreshMs?: number;
}

const LEASE = 'checkout-processor';

export class CommandQueue {
  private readonly o: Required<Omit<QueueOptions, 'onProcessed'>> & Pick<QueueOptions, 'onProcessed'>;
  readonly hot: HotSkus;

  constructor(private readonly db: Firestore, opts: QueueOptions) {
    this.o = { batchSize: 120, leaseMs: 15_000, waitSliceMs: 250, timeoutMs: 60_000, drainMs: 3_000, hotAfterMs: 400, hotForMs: 15 * 60_000, hotRefreshMs: 2_000, processor: processCommands, ...opts };
    this.hot = new HotSkus(db, { hotForMs: this.o.hotForMs, refreshMs: this.o.hotRefreshMs });
  }

  /**
   * Runs a command: as its own transaction when its SKUs are quiet (the common case, cheapest),
   * through the queue when any of them is hot. A direct transaction that had to wait or retry
   * marks its SKUs hot, so the next buyers of a flash-sale SKU queue instead of piling up locks.
   */
  async execute(cmd: Command): Promise<CommandResult> {
    const skus = await this.skusOf(cmd);
    if (skus === null || (await this.hot.anyHot(skus))) {
      if (cmd.type === 'reserve') {
        const refused = await this.refusalFromRead(cmd, skus ?? []);
        if (refused) return refused;
      }
      return this.submit(cmd);
    }
    const t0 = Date.now();
    let direct: Processed;
    try {
      direct = await processDirect(this.db, cmd, { defaultThreshold: this.o.defaultThreshold }, skus);
    } catch (err) {
      // Someone changed what we read: nothing was committed (and every command is idempotent
      // anyway), so the queue may safely apply it; and the SKUs are hot from now on.
      if (!isConflict(err)) throw err;
      await this.markHot(skus);
      return this.submit(cmd);
    }
    if (this.o.onProcessed) await this.o.onProcessed([direct]);
    if (Date.now() - t0 > this.o.hotAfterMs) await this.markHot(skus);
    return direct.result;
  }

  /**
   * A hold the stock cannot serve, refused from a plain read by the same decision the queue would
   * take (commands/reserve.ts), without waiting behind the queue: a sold-out SKU's buyers are told
   * at once. Only refusals for stock are answered here; anything else (a hold, a limit, a repeat
   * of a cart already held) goes through the queue, which decides it inside its transaction.
   */
  private async refusalFromRead(cmd: Command, skus: string[]): Promise<CommandResult | null> {
    // Decided over a plain read and never committed (a read that raced a write: the queue decides).
    const decided = await applyCommands(new OptimisticTx(this.db), this.db, [{ id: cmd.reservationId, cmd }], { defaultThreshold: this.o.defaultThreshold, via: 'queue' }, skus).catch(() => null);
    const r = decided?.[0]?.result;
    if (!r) return null;
    return !r.ok && r.code === 'failed-precondition' && Array.isArray((r.details as { items?: unknown } | undefined)?.items) ? r : null;
  }

  /** The SKUs a command touches; null when only the queue can tell (unknown reservation). */
  private async skusOf(cmd: Command): Promise<string[] | null> {
    if (cmd.type === 'reserve') return cmd.items.map((l) => l.sku);
    const res = await readReservation(this.db, cmd.reservationId);
    if (!res) return [];
    if (res.viaQueue === true) return null;
    return res.items.map((l) => l.sku);
  }

  markHot(skus: string[], reason = 'contention'): Promise<void> {
    return this.hot.mark(skus, reason);
  }

  async submit(cmd: Command): Promise<CommandResult> {
    const ref = this.db.collection(C.checkoutCommands).doc(commandId(cmd));
    try {
      await ref.create({
        command: cmd,
        status: 'pending',
        type: cmd.type,
        createdAt: FieldValue.serverTimestamp(),
        // Processed commands are kept a week for idempotent retries and audit; a TTL policy deletes them.
        expireAt: expireAt('checkoutCommands'),
      });
    } catch (err) {
      // The same command was submitted before (a retry): wait for its result instead.
      if (codeOf(err) !== Code.ALREADY_EXISTS) throw err;
    }
    const deadline = Date.now() + this.o.timeoutMs;
    // One listener for the whole wait; between slices, see whether the queue needs a processor.
    let result: CommandResult | null = null;
    let wake: () => void = () => undefined;
    const unsub = ref.onSnapshot(
      (s) => {
        const d = s.data();
        if (d && d.status !== 'pending') {
          result = d.result as CommandResult;
          wake();
        }
      },
      () => wake(),
    );
    try {
      for (;;) {
        if (result) return result;
        await this.drain();
        if (result) return result;
        const fresh = (await ref.get()).data();
        if (fresh && fresh.status !== 'pending') return fresh.result as CommandResult;
        if (Date.now() > deadline) throw new CheckoutError('resource-exhausted', 'checkout is busy; try again');
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, this.o.waitSliceMs);
        });
      }
    } finally {
      unsub();
    }
  }

  /** Becomes the processor if nobody is; drains pending commands. False if someone else is it. */
  async drain(): Promise<boolean> {
    const lease = new RelayLease(this.db, LEASE, `${this.o.owner}/${randomUUID()}`, this.o.leaseMs);
    if (!(await lease.tryHold())) return false;
    const end = Date.now() + this.o.drainMs;
    try {
      while (Date.now() < end) {
        const pending = await this.db
          .collection(C.checkoutCommands)
          .where('status', '==', 'pending')
          .orderBy('createdAt')
          .limit(this.o.batchSize)
          .select()
          .get();
        if (pending.empty) break;
        if (!(await this.processBatch(pending.docs.map((d) => d.ref)))) break;
        if ((await lease.renew(false, null).catch(() => 'lost' as const)) !== 'keep') break;
      }
    } finally {
      await lease.release(null).catch(() => undefined);
    }
    return true;
  }

  /**
   * Applies one batch. A transient failure (contention, an expired transaction, an outage) leaves
   * the commands pending for the next drain — the waiters keep waiting, nobody is told "failed"
   * about a command that may still succeed. Any other failure is isolated to the command that
   * causes it, which alone is answered `internal`, so one poisoned command cannot stall the queue.
   */
  private async processBatch(refs: DocumentReference[]): Promise<boolean> {
    const run = async (batch: DocumentReference[]) => {
      const processed = await this.o.processor(this.db, batch, { defaultThreshold: this.o.defaultThreshold });
      if (this.o.onProcessed && processed.length) await this.o.onProcessed(processed);
    };
    try {
      await run(refs);
      return true;
    } catch (err) {
      if (isTransient(err)) {
        logs.checkoutQueueRetry(refs.length, err);
        return false;
      }
      for (const ref of refs) {
        try {
          await run([ref]);
        } catch (one) {
          if (isTransient(one)) return false;
          logs.internalError('checkout command', one, { command: ref.id });
          const result: CommandResult = { ok: false, code: 'internal', message: 'the command could not be applied; it was logged for the operators' };
          await this.db.runTransaction(async (tx) => {
            if ((await tx.get(ref)).data()?.status === 'pending') tx.update(ref, { status: 'failed', result, processedAt: FieldValue.serverTimestamp() });
          });
        }
      }
      return true;
    }
  }
}
