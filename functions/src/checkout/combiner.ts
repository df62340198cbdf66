/**
 * The checkout command queue. Callers write their command as a document and wait for its result;
 * whoever finds the queue without a processor takes a short lease and becomes it, applying all
 * pending commands in batches (processor.ts), then hands the lease back. No extra infrastructure,
 * no lost wake-ups (a waiter re-checks the lease every slice), and a crashed processor's lease
 * simply expires. The per-minute sweeper drains the queue too, for commands whose caller died.
 */
import { DocumentReference, FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { Command, CommandResult, commandId } from './commands';
import { Processed, processCommands } from './processor';
import { CheckoutError } from './errors';

export interface QueueOptions {
  defaultThreshold: number;
  owner: string;
  batchSize?: number;
  leaseMs?: number;
  waitSliceMs?: number;
  timeoutMs?: number;
  /** Longest one processor keeps draining before handing over. */
  drainMs?: number;
  onProcessed?: (processed: Processed[]) => Promise<void>;
}

const LEASE = 'checkout-processor';

export class CheckoutQueue {
  private readonly o: Required<Omit<QueueOptions, 'onProcessed'>> & Pick<QueueOptions, 'onProcessed'>;

  constructor(private readonly db: Firestore, opts: QueueOptions) {
    this.o = { batchSize: 120, leaseMs: 15_000, waitSliceMs: 200, timeoutMs: 60_000, drainMs: 20_000, ...opts };
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
        expireAt: Timestamp.fromMillis(Date.now() + 7 * 86_400_000),
      });
    } catch (err) {
      // The same command was submitted before (a retry): wait for its result instead.
      if ((err as { code?: number }).code !== 6) throw err;
    }
    const deadline = Date.now() + this.o.timeoutMs;
    for (;;) {
      const snap = await ref.get();
      const data = snap.data();
      if (data && data.status !== 'pending') return data.result as CommandResult;
      if (await this.drain()) continue;
      if (Date.now() > deadline) throw new CheckoutError('resource-exhausted', 'checkout is busy; try again');
      await this.waitForResult(ref, this.o.waitSliceMs);
    }
  }

  private waitForResult(ref: DocumentReference, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        unsub();
        resolve();
      };
      const timer = setTimeout(finish, ms);
      const unsub = ref.onSnapshot(
        (s) => {
          if (s.data()?.status !== 'pending') finish();
        },
        () => finish(),
      );
    });
  }

  /** Becomes the processor if nobody is; drains pending commands. False if someone else is it. */
  async drain(): Promise<boolean> {
    const lease = await this.acquire();
    if (!lease) return false;
    let leaseTime = lease;
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
        const processed = await processCommands(this.db, pending.docs.map((d) => d.ref), { defaultThreshold: this.o.defaultThreshold });
        if (this.o.onProcessed && processed.length) await this.o.onProcessed(processed);
        const renewed = await this.renew(leaseTime);
        if (!renewed) break;
        leaseTime = renewed;
      }
    } finally {
      await this.leaseRef().delete({ lastUpdateTime: leaseTime }).catch(() => undefined);
    }
    return true;
  }

  private leaseRef() {
    return this.db.collection(C.leases).doc(LEASE);
  }

  private async acquire(): Promise<Timestamp | null> {
    const ref = this.leaseRef();
    const expiresAt = () => Timestamp.fromMillis(Date.now() + this.o.leaseMs);
    try {
      return (await ref.create({ owner: this.o.owner, expiresAt: expiresAt() })).writeTime;
    } catch (err) {
      if ((err as { code?: number }).code !== 6) throw err;
    }
    const snap = await ref.get();
    const exp = snap.data()?.expiresAt;
    if (snap.exists && exp instanceof Timestamp && exp.toMillis() > Date.now()) return null;
    // Absent again, or its holder died: take it over, unless someone else just did.
    try {
      if (!snap.exists) return (await ref.create({ owner: this.o.owner, expiresAt: expiresAt() })).writeTime;
      return (await ref.update({ owner: this.o.owner, expiresAt: expiresAt() }, { lastUpdateTime: snap.updateTime! })).writeTime;
    } catch {
      return null;
    }
  }

  private async renew(leaseTime: Timestamp): Promise<Timestamp | null> {
    try {
      return (await this.leaseRef().update({ expiresAt: Timestamp.fromMillis(Date.now() + this.o.leaseMs) }, { lastUpdateTime: leaseTime })).writeTime;
    } catch {
      return null;
    }
  }
}
