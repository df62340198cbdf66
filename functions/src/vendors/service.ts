/**
 * Vendors as operators manage them: create a vendor and its users, suspend and reactivate it. A
 * suspended vendor's pushes are refused (push authentication reads its status) and its offers stop
 * selling: each is halted through the one count applier, so `available` drops to 0 with its events
 * in the same commit, and comes back on reactivation.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { pagesById } from '../adapters/firestore-order';
import { DomainError } from '../errors';
import { setHalt } from '../domain/inventory';
import { HaltReason } from '../domain/offer';
import { CountApplier } from '../stock/count-applier';
import { LocationChange } from '../domain/sequence';
import { parseOrRefuse } from '../zod-errors';
import { Vendor, vendorInput, VendorStatus, vendorStatusInput, vendorUserInput } from './schemas';
import { VendorUsers } from './ports';
import * as logs from '../logs';

const iso = (v: unknown) => (v instanceof Timestamp ? v.toDate().toISOString() : null);

export function vendorView(id: string, d: FirebaseFirestore.DocumentData): Vendor {
  return {
    vendorId: id,
    name: d.name,
    status: d.status === 'active' ? 'active' : 'suspended',
    feedCadenceMinutes: d.feedCadenceMinutes ?? 15,
    contactEmails: d.contactEmails ?? [],
    lowStockThreshold: d.lowStockThreshold ?? 2,
    staleFeedPolicy: d.staleFeedPolicy === 'stop_selling' ? 'stop_selling' : 'keep_selling',
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
    lastFeedAt: iso(d.lastFeedAt),
  };
}

/** Feed health as the operator's vendor list shows it: on time, late (past the declared cadence) or none yet. */
export function feedHealth(v: Pick<Vendor, 'lastFeedAt' | 'feedCadenceMinutes'>, now: number): { state: 'on_time' | 'late' | 'never'; minutesSinceFeed: number | null } {
  if (!v.lastFeedAt) return { state: 'never', minutesSinceFeed: null };
  const minutes = Math.floor((now - Date.parse(v.lastFeedAt)) / 60_000);
  return { state: minutes > v.feedCadenceMinutes ? 'late' : 'on_time', minutesSinceFeed: minutes };
}

export class VendorService {
  constructor(
    private readonly db: Firestore,
    private readonly applier: CountApplier,
    private readonly users: VendorUsers,
  ) {}

  private ref(vendorId: string) {
    return this.db.collection(C.vendors).doc(vendorId);
  }

  async create(input: unknown, actor: string, now = Date.now()): Promise<Vendor> {
    const v = parseOrRefuse(vendorInput, input);
    const at = Timestamp.fromMillis(now);
    const doc = { ...v, status: 'active' as const, createdAt: at, updatedAt: at, createdBy: actor, lastFeedAt: null };
    try {
      await this.ref(v.vendorId).create(doc);
    } catch {
      throw new DomainError('failed-precondition', `vendor ${v.vendorId} already exists`);
    }
    logs.vendor('created', { vendorId: v.vendorId, actor });
    return vendorView(v.vendorId, doc);
  }

  async get(vendorId: string): Promise<Vendor> {
    const d = (await this.ref(vendorId).get()).data();
    if (!d) throw new DomainError('not-found', `no vendor ${vendorId}`);
    return vendorView(vendorId, d);
  }

  async list(now = Date.now()): Promise<(Vendor & { feed: ReturnType<typeof feedHealth> })[]> {
    const q = await this.db.collection(C.vendors).orderBy('name').limit(1000).get();
    return q.docs.map((d) => {
      const v = vendorView(d.id, d.data());
      return { ...v, feed: feedHealth(v, now) };
    });
  }

  async addUser(vendorId: string, input: unknown): Promise<{ uid: string; email: string; vendorId: string; created: boolean }> {
    const u = parseOrRefuse(vendorUserInput, input);
    await this.get(vendorId);
    const r = await this.users.grant(u, vendorId);
    logs.vendor('user_granted', { vendorId, uid: r.uid, created: r.created });
    return { uid: r.uid, email: u.email, vendorId, created: r.created };
  }

  /** Suspends or reactivates a vendor; answers how many of its offers changed whether they sell. */
  async setStatus(vendorId: string, input: unknown, actor: string, now = Date.now()): Promise<{ vendorId: string; status: VendorStatus; offersChanged: number }> {
    const { status, reason } = parseOrRefuse(vendorStatusInput, input);
    await this.get(vendorId);
    await this.ref(vendorId).update({ status, statusReason: reason ?? null, updatedAt: Timestamp.fromMillis(now), statusChangedBy: actor });
    const offersChanged = await this.haltOffers(vendorId, status === 'suspended' ? 'vendor_suspended' : null, 'vendor_suspended', actor);
    logs.vendor(status === 'suspended' ? 'suspended' : 'reactivated', { vendorId, actor, offersChanged });
    return { vendorId, status, offersChanged };
  }

  /**
   * Sets `halt` on every offer of the vendor (null: clears it where it is `clears`). Paged, and
   * idempotent: run again after a crash, it finds the offers already done unchanged.
   */
  async haltOffers(vendorId: string, halt: HaltReason | null, clears: HaltReason, actor: string): Promise<number> {
    let changed = 0;
    const source = 'operator';
    for await (const page of pagesById(this.db.collection(C.inventory).where('vendorId', '==', vendorId).select(), 500)) {
      const bySku = new Map<string, LocationChange[]>(page.map((d) => [d.id, []]));
      const stats = await this.applier.apply(bySku, source, {
        fresh: true,
        trail: false,
        compute: (prev, _changes, _now, src) => {
          const target = halt ?? (prev.halt === clears ? null : prev.halt ?? null);
          const r = setHalt(prev, target, src, actor);
          return { ...r, applied: r.state === prev ? 0 : 1, duplicate: 0, stale: 0, outcomes: [] };
        },
      });
      changed += stats.skusWritten;
    }
    return changed;
  }
}
