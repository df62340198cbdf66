/** The vendor's document (name, status, feed health, live) and its signing keys: list and rotate (the secret shown once). */
import { doc, onSnapshot, Timestamp } from 'firebase/firestore';
import { api, db, el } from '../firebase';
import { row, since } from '../ui';
import { Store } from './store';

interface KeyInfo { keyId: string; createdAt: string | null; retiresAt: string | null }

/** Whether a feed is late: longer since the last one than the declared cadence. */
export function feedLate(vendor: { lastFeedAt?: Timestamp | null; feedCadenceMinutes?: number }, now = Date.now()): boolean {
  const last = vendor.lastFeedAt?.toMillis();
  return !last || now - last > (vendor.feedCadenceMinutes ?? 15) * 60_000;
}

export function mountAccount(store: Store): () => void {
  const { vendorId } = store.state;
  const unsub = onSnapshot(doc(db, 'vendors', vendorId), (s) => store.set({ vendor: s.data() ?? null }));
  const unrender = store.subscribe(({ vendor }) => {
    if (!vendor) return;
    document.getElementById('vendor-name')!.textContent = `${vendor.name as string} (${vendorId})${vendor.status === 'active' ? '' : ' · SUSPENDED'}`;
    const late = feedLate(vendor);
    document.getElementById('feed')!.replaceChildren(
      el('div', { 'data-testid': 'feed-state' }, `last feed: ${vendor.lastFeedAt ? `${since((vendor.lastFeedAt as Timestamp).toMillis())} ago` : 'never'} · declared every ${vendor.feedCadenceMinutes as number} min · ${late ? 'late' : 'on time'}`),
      el('div', {}, `status: ${vendor.status as string} · low-stock threshold for new offers: ${vendor.lowStockThreshold as number} · when the feed is stale: ${String(vendor.staleFeedPolicy ?? 'keep_selling').replace(/_/g, ' ')}`),
    );
    const banner = document.getElementById('feed-banner')!;
    banner.classList.toggle('hidden', vendor.status === 'active');
    banner.textContent = vendor.status === 'active' ? '' : 'Your account is suspended: pushes are refused and your offers do not sell. Contact the marketplace.';
  });
  const keys = async () => {
    const r = await api('/v1/vendor');
    if (!r.ok) return;
    const body = (await r.json()) as { keys: KeyInfo[] };
    document.getElementById('keys')!.replaceChildren(
      row(['key', 'created', 'valid until'], true),
      ...body.keys.map((k) => row([k.keyId, k.createdAt ?? '', k.retiresAt ?? 'current'], false, { 'data-key': k.keyId })),
    );
  };
  const rotate = document.getElementById('rotate') as HTMLButtonElement;
  rotate.onclick = async () => {
    rotate.disabled = true;
    try {
      const r = await api('/v1/vendor/keys', { method: 'POST' });
      const body = (await r.json()) as { keyId?: string; secret?: string; previousValidUntil?: string | null; error?: string };
      document.getElementById('new-key')!.replaceChildren(
        r.ok
          ? el('div', {}, el('p', {}, `New key ${body.keyId}: copy the secret now, it is not shown again. Previous keys stay valid until ${body.previousValidUntil}.`), el('code', { 'data-testid': 'secret' }, String(body.secret)))
          : el('p', { class: 'error' }, String(body.error)),
      );
      await keys();
    } finally {
      rotate.disabled = false;
    }
  };
  void keys();
  return () => {
    unsub();
    unrender();
  };
}
