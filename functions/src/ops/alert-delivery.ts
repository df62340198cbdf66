/**
 * Alerts that page someone: each episode of an alert (from `open` until `resolved`) is posted to
 * the alert webhook twice, when it is raised and when it resolves, as a Slack-compatible JSON body
 * (`text`, plus the alert's fields under `alert` for other receivers). Delivery is retried (a few
 * times in the invocation, then by the trigger's own retry) and deduplicated per episode and
 * transition through `alertDeliveries/{alertId}:{raisedAt}:{transition}`, so a redelivered
 * trigger or a confirmation of an open alert never posts twice.
 */
import { DocumentData, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { expireAt } from '../adapters/retention';

export type Transition = 'raised' | 'resolved';

/**
 * The kinds that page someone: the system's health. A SKU running low or out is the merchandising
 * side's news (the alert inbox and the event stream have it); paging for it would bury the pages
 * that matter under hundreds a day.
 */
export const PAGED_KINDS: ReadonlySet<string> = new Set(['sync_lag', 'wms_failure_rate', 'sync_stale', 'discrepancy_rate', 'shortfall', 'stale_product', 'mass_change_held', 'feed_stale', 'wms_contract']);

/** What a write of an alert document means for its episode: a transition, or nothing to say. */
export function alertTransition(before: DocumentData | undefined, after: DocumentData | undefined): Transition | null {
  const was = before?.status;
  const now = after?.status;
  if (now === 'open' && was !== 'open') return 'raised';
  if (was === 'open' && now === 'resolved') return 'resolved';
  return null;
}

const ICON: Record<Transition, string> = { raised: ':rotating_light:', resolved: ':white_check_mark:' };

/** The Slack-compatible body: a one-line `text`, and the alert itself for receivers that read JSON. */
export function alertMessage(alertId: string, transition: Transition, data: DocumentData, project: string): { text: string; alert: Record<string, unknown> } {
  const skip = new Set(['status', 'updatedAt', 'expireAt', 'raisedAt', 'resolvedAt', 'pendingSince', 'forMs']);
  const detail = Object.entries(data)
    .filter(([k, v]) => !skip.has(k) && k !== 'kind' && v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  const text = `${ICON[transition]} [${project}] ${data.kind ?? 'alert'} ${transition}: ${alertId}${detail ? ` (${detail})` : ''}`;
  const plain = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v instanceof Timestamp ? v.toDate().toISOString() : v]));
  return { text, alert: { id: alertId, transition, ...plain, status: transition === 'raised' ? 'open' : 'resolved' } };
}

export function episodeKey(alertId: string, transition: Transition, data: DocumentData): string {
  const raised = data.raisedAt instanceof Timestamp ? data.raisedAt.toMillis() : 0;
  return `${alertId}:${raised}:${transition}`;
}

/**
 * Posts once per key. A delivery in progress elsewhere (claimed less than `claimMs` ago) makes
 * this attempt fail, to be retried; a claim older than that (its sender died) is taken over.
 */
export async function deliverOnce(db: Firestore, key: string, send: () => Promise<void>, o: { attempts?: number; backoffMs?: number; claimMs?: number; now?: () => number } = {}): Promise<'sent' | 'duplicate'> {
  const now = o.now ?? Date.now;
  const ref = db.collection(C.alertDeliveries).doc(key);
  const claimed = await db.runTransaction(async (tx) => {
    const d = (await tx.get(ref)).data();
    if (d?.state === 'sent') return 'duplicate' as const;
    if (d?.state === 'sending' && d.claimedAt instanceof Timestamp && now() - d.claimedAt.toMillis() < (o.claimMs ?? 60_000)) return 'busy' as const;
    tx.set(ref, { state: 'sending', claimedAt: Timestamp.fromMillis(now()), attempts: (d?.attempts ?? 0) as number, expireAt: expireAt('alertDeliveries', now()) });
    return 'claimed' as const;
  });
  if (claimed === 'duplicate') return 'duplicate';
  if (claimed === 'busy') throw new Error(`alert delivery ${key} is in progress elsewhere`);
  let last: unknown;
  const attempts = o.attempts ?? 4;
  for (let i = 0; i < attempts; i++) {
    try {
      await send();
      await ref.set({ state: 'sent', sentAt: Timestamp.fromMillis(now()), attempts: i + 1 }, { merge: true });
      return 'sent';
    } catch (err) {
      last = err;
      if (i < attempts - 1) await new Promise((r) => setTimeout(r, (o.backoffMs ?? 500) * 2 ** i));
    }
  }
  // Give the claim back: the trigger's retry (or the next write) tries again.
  await ref.set({ state: 'failed', failedAt: Timestamp.fromMillis(now()), error: last instanceof Error ? last.message.slice(0, 500) : String(last) }, { merge: true });
  throw last;
}
