/**
 * Stale-feed protection. Each vendor declares how often its feed arrives; when none has been
 * accepted for `factor` × that cadence, its offers are marked stale on the storefront (the public
 * `vendorFeeds/{vendorId}`, read like the WMS's `syncStatus`: a per-offer banner), the vendor and
 * operators get an alert, and under the `stop_selling` policy its offers stop selling (`halt:
 * feed_stale`, available 0) until the next accepted feed. The default policy keeps them selling.
 *
 * The scheduled watchdog runs `watchFeeds` every minute; an accepted feed clears the public flag at
 * once (ingest/service.ts writes `lastFeedAt`, from which readers derive staleness), and `recover` lifts the halt and resolves the alert as soon as the
 * vendor's job is applied.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { openAlert, resolveAlert } from '../adapters/alerts';
import * as logs from '../logs';
import { freshness } from '../domain/staleness';
import { vendorView, VendorService } from './service';

export interface FeedState {
  vendorId: string;
  stale: boolean;
  /** When the feed turned stale (the last feed plus the allowance). */
  staleAt: number;
  lastFeedAt: number;
}

/** Whether a vendor's feed is stale now: no accepted feed for `factor` × its cadence (counted from its creation before the first). */
export function feedState(v: { vendorId: string; feedCadenceMinutes: number; lastFeedAt: string | null; createdAt: string | null }, factor: number, now: number): FeedState {
  const lastFeedAt = Date.parse(v.lastFeedAt ?? v.createdAt ?? new Date(now).toISOString());
  // The WMS's staleness rule, with the vendor's allowance in place of STALE_AFTER_SECONDS.
  const f = freshness({ lastSuccessAt: lastFeedAt, staleAfterSeconds: factor * v.feedCadenceMinutes * 60 }, now);
  return { vendorId: v.vendorId, stale: f.stale, staleAt: f.staleAt!, lastFeedAt };
}

export class FeedWatch {
  constructor(
    private readonly db: Firestore,
    private readonly vendors: VendorService,
    private readonly factor: number,
  ) {}

  private feedRef(vendorId: string) {
    return this.db.collection(C.vendorFeeds).doc(vendorId);
  }

  /** One pass over every active vendor: marks the feeds that turned stale, and recovers those that came back. */
  async watchFeeds(now = Date.now()): Promise<{ vendors: number; turnedStale: number; recovered: number }> {
    const out = { vendors: 0, turnedStale: 0, recovered: 0 };
    const snap = await this.db.collection(C.vendors).where('status', '==', 'active').get();
    for (const d of snap.docs) {
      out.vendors++;
      const v = vendorView(d.id, d.data());
      const f = feedState(v, this.factor, now);
      const was = (await this.feedRef(v.vendorId).get()).data();
      const public_ = { vendorId: v.vendorId, lastFeedAt: Timestamp.fromMillis(f.lastFeedAt), staleAfterMinutes: this.factor * v.feedCadenceMinutes, policy: v.staleFeedPolicy };
      if (f.stale && was?.stale !== true) {
        await this.feedRef(v.vendorId).set({ ...public_, stale: true, staleSince: Timestamp.fromMillis(f.staleAt) }, { merge: true });
        const batch = this.db.batch();
        openAlert(batch, this.db, `feed-stale-${v.vendorId}`, { kind: 'feed_stale', vendorId: v.vendorId, lastFeedAt: v.lastFeedAt, cadenceMinutes: v.feedCadenceMinutes, policy: v.staleFeedPolicy }, Timestamp.fromMillis(now));
        await batch.commit();
        const halted = v.staleFeedPolicy === 'stop_selling' ? await this.vendors.haltOffers(v.vendorId, 'feed_stale', 'feed_stale', 'feed-watchdog') : 0;
        logs.vendor('feed_stale', { vendorId: v.vendorId, lastFeedAt: v.lastFeedAt, policy: v.staleFeedPolicy, halted });
        out.turnedStale++;
      } else if (!f.stale && was?.stale !== false) {
        if (was?.stale === true) out.recovered++;
        await this.recover(v.vendorId, now, public_);
      }
    }
    return out;
  }

  /**
   * The feed is back (an accepted feed): the public flag is cleared, the alert resolved, and offers
   * halted for a stale feed sell again. Idempotent.
   */
  async recover(vendorId: string, now = Date.now(), fields: Record<string, unknown> = {}): Promise<number> {
    // After every vendor job: one read when the feed was not stale (the watchdog sets the flag with the alert).
    const feed = (await this.feedRef(vendorId).get()).data();
    const wasStale = feed?.stale === true;
    if (!wasStale && feed?.stale === false && !Object.keys(fields).length) return 0;
    await this.feedRef(vendorId).set({ vendorId, ...fields, stale: false, staleSince: null }, { merge: true });
    if (!wasStale) return 0;
    const batch = this.db.batch();
    resolveAlert(batch, this.db, `feed-stale-${vendorId}`, {}, Timestamp.fromMillis(now));
    await batch.commit();
    const lifted = await this.vendors.haltOffers(vendorId, null, 'feed_stale', 'feed-watchdog');
    logs.vendor('feed_recovered', { vendorId, lifted });
    return lifted;
  }
}
