/** Storefront: live availability through Firestore listeners, staleness banner, cart and checkout. */
import { collection, deleteDoc, doc, limit, onSnapshot, orderBy, query, serverTimestamp, setDoc, documentId, where, QueryDocumentSnapshot, Timestamp } from 'firebase/firestore';
import { httpsCallable } from 'firebase/functions';
import { auth, db, el, functions } from './firebase';
import { mountAuth } from './auth-ui';
import { loadProductNames, productNames as names } from './products';
import { watchFreshness } from './freshness';
import { since } from './ui';
import { freshness } from '../../functions/src/domain/staleness';

interface Stock {
  sku: string; available: number; status: string; onHand: number; reserved: number; vendorId?: string; halt?: string | null;
  /** Per sales channel, with channels configured. */
  channels?: Record<string, { available: number; status: string }>;
  /** When incoming units are expected. */
  backOn?: Timestamp;
}

/** The channel this storefront sells in (`?channel=`), and a store to pick up at (`?pickup=`, click & collect). */
const params = new URLSearchParams(location.search);
const CHANNEL = params.get('channel') ?? undefined;
const PICKUP = params.get('pickup') ?? undefined;
const allocation = { ...(CHANNEL ? { channel: CHANNEL } : {}), ...(PICKUP ? { pickupLocationId: PICKUP } : {}) };

/** What this storefront's channel can sell of a SKU (the totals when channels are not configured). */
function levelsFor(s: Stock): { available: number; status: string } {
  const c = CHANNEL ? s.channels?.[CHANNEL] : undefined;
  return c ?? { available: s.available, status: s.status };
}

/** A vendor's feed health as the public `vendorFeeds/{vendorId}` says it; stale is derived from time, like the WMS's. */
interface Feed { lastFeedAt?: Timestamp; staleAfterMinutes?: number; stale?: boolean }
interface Line { sku: string; requested: number; available: number; status: string }

const cart = new Map<string, number>();
let verdicts = new Map<string, Line>();
let reservationId: string | null = null;
let cartSeq = Date.now();
const msg = (t: string) => (document.getElementById('cart-message')!.textContent = t);

if (CHANNEL || PICKUP) document.getElementById('channel')!.textContent = `Selling in ${CHANNEL ?? 'the default channel'}${PICKUP ? `, pickup at ${PICKUP}` : ''}`;

watchFreshness((f) => {
  document.getElementById('stale-banner')!.classList.toggle('hidden', !f.stale);
});

const PAGE = Number(new URLSearchParams(location.search).get('n') ?? 24);
const first = new URLSearchParams(location.search).get('skus')?.split(',');
const q = first ? query(collection(db, 'inventory'), where(documentId(), 'in', first.slice(0, 30))) : query(collection(db, 'inventory'), orderBy('sku'), limit(PAGE));

/** SKUs the signed-in shopper asked to be told about (their own subscriptions, live). */
let subscribed = new Set<string>();
let shown: QueryDocumentSnapshot[] = [];

onSnapshot(q, async (snap) => {
  await loadProductNames(snap.docs.map((d) => d.id));
  shown = snap.docs;
  watchFeeds(new Set(shown.flatMap((d) => (typeof d.data().vendorId === 'string' ? [d.data().vendorId as string] : []))));
  renderGrid();
});

/** The feeds of the vendors whose offers are shown, live (one listener per vendor). */
const feeds = new Map<string, Feed>();
const feedListeners = new Map<string, () => void>();
function watchFeeds(vendors: Set<string>): void {
  for (const [v, stop] of feedListeners) {
    if (vendors.has(v)) continue;
    stop();
    feedListeners.delete(v);
    feeds.delete(v);
  }
  for (const v of vendors) {
    if (feedListeners.has(v)) continue;
    feedListeners.set(v, onSnapshot(doc(db, 'vendorFeeds', v), (s) => {
      feeds.set(v, (s.data() ?? {}) as Feed);
      renderGrid();
    }));
  }
}
// Staleness is a function of time: re-derive it while the page is open.
setInterval(() => renderGrid(), 15_000);

function feedStale(vendorId: string | undefined): { stale: boolean; ago: string } {
  const f = vendorId ? feeds.get(vendorId) : undefined;
  // The WMS's staleness rule (derived from time), with the vendor's allowance.
  const lastSuccessAt = f?.lastFeedAt?.toMillis() ?? null;
  const derived = lastSuccessAt !== null && f?.staleAfterMinutes !== undefined && freshness({ lastSuccessAt, staleAfterSeconds: f.staleAfterMinutes * 60 }, Date.now()).stale;
  return { stale: f?.stale === true || derived, ago: lastSuccessAt === null ? 'a while' : since(lastSuccessAt) };
}

function renderGrid(): void {
  const grid = document.getElementById('products')!;
  grid.replaceChildren(
    ...shown.map((d) => {
      const s = d.data() as Stock;
      const lv = levelsFor(s);
      const card = el('div', { class: 'card', 'data-sku': s.sku },
        el('div', {}, el('strong', {}, names.get(s.sku) ?? s.sku)),
        el('div', { class: 'muted' }, s.sku),
        el('div', { class: `status-${lv.status}` }, el('span', { 'data-testid': 'available' }, String(lv.available)), ` available · ${lv.status.replace(/_/g, ' ')}`),
      );
      if (lv.available <= 0 && s.backOn) {
        card.append(el('div', { class: 'muted', 'data-testid': 'back-on' }, `Back on ${s.backOn.toDate().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })}`));
      }
      const feed = feedStale(s.vendorId);
      if (feed.stale) {
        card.append(el('div', { class: 'flag', role: 'status', 'data-testid': 'feed-stale' }, s.halt === 'feed_stale'
          ? `The seller has not updated this stock for ${feed.ago}: not for sale until they do.`
          : `The seller last confirmed this stock ${feed.ago} ago: availability is confirmed at checkout.`));
      }
      if (lv.available > 0) {
        const add = el('button', { 'data-testid': 'add' }, 'Add to cart');
        add.onclick = () => { cart.set(s.sku, (cart.get(s.sku) ?? 0) + 1); renderCart(); };
        card.append(add);
      } else if (subscribed.has(s.sku)) {
        const cancel = el('button', { 'data-testid': 'cancel-notify' }, 'Cancel notification');
        cancel.onclick = async () => {
          const uid = auth.currentUser?.uid;
          if (uid) await deleteDoc(doc(db, 'stockSubscriptions', `${uid}_${s.sku}`));
        };
        card.append(el('div', { class: 'muted' }, 'We will tell you when it is back.'), cancel);
      } else {
        const notify = el('button', { 'data-testid': 'notify' }, 'Notify me');
        notify.onclick = async () => {
          const uid = auth.currentUser?.uid;
          if (!uid) return msg('Sign in to be notified.');
          await setDoc(doc(db, 'stockSubscriptions', `${uid}_${s.sku}`), { uid, sku: s.sku, createdAt: serverTimestamp() });
        };
        card.append(notify);
      }
      return card;
    }),
  );
}

/** The shopper's own subscriptions and notifications, live (the rules allow the owner only). */
let stopShopper: (() => void)[] = [];
function watchShopper(uid: string | null): void {
  stopShopper.forEach((u) => u());
  stopShopper = [];
  subscribed = new Set();
  renderGrid();
  const list = document.getElementById('notifications')!;
  list.replaceChildren();
  if (!uid) return;
  stopShopper.push(
    onSnapshot(query(collection(db, 'stockSubscriptions'), where('uid', '==', uid)), (s) => {
      subscribed = new Set(s.docs.map((d) => d.data().sku as string));
      renderGrid();
    }),
    onSnapshot(query(collection(db, 'notifications'), where('uid', '==', uid), orderBy('createdAt', 'desc'), limit(10)), (s) => {
      list.replaceChildren(
        ...s.docs.map((d) => {
          const n = d.data() as { sku: string; kind?: string; available: number; backOn?: string; createdAt?: Timestamp };
          const when = n.createdAt ? n.createdAt.toDate().toLocaleTimeString() : '';
          const name = names.get(n.sku) ?? n.sku;
          const text = n.kind === 'back_on' && n.backOn
            ? `${name} is expected back on ${new Date(n.backOn).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })} `
            : `${name} is back in stock: ${n.available} available `;
          return el('li', { 'data-testid': 'notification', 'data-sku': n.sku, 'data-kind': n.kind ?? 'back_in_stock' }, text, el('span', { class: 'muted' }, when));
        }),
      );
    }),
  );
}

function renderCart(): void {
  const root = document.getElementById('cart-lines')!;
  root.replaceChildren(
    ...[...cart].map(([sku, qty]) => {
      const v = verdicts.get(sku);
      const line = el('div', { 'data-line': sku }, `${names.get(sku) ?? sku} × ${qty} `);
      if (v && v.status !== 'ok') {
        const remove = el('button', { 'data-testid': 'remove' }, 'Remove');
        remove.onclick = () => { cart.delete(sku); verdicts.delete(sku); renderCart(); };
        line.append(el('span', { class: 'flag', 'data-testid': 'flag' }, v.status === 'insufficient' ? `only ${v.available} left` : v.status.replace(/_/g, ' ')), ' ', remove, el('div', { class: 'muted' }, 'Please remove this item or lower the quantity.'));
      }
      return line;
    }),
  );
}

const items = () => [...cart].map(([sku, quantity]) => ({ sku, quantity }));

document.getElementById('validate')!.onclick = async () => {
  if (!auth.currentUser) return msg('Sign in to check out.');
  const r = await httpsCallable<unknown, { ok: boolean; stale: boolean; items: Line[] }>(functions, 'validateCart')({ items: items(), ...allocation });
  verdicts = new Map(r.data.items.map((l) => [l.sku, l]));
  renderCart();
  msg(r.data.ok ? 'Everything is available.' : 'Some items are not available.');
};

document.getElementById('reserve')!.onclick = async () => {
  if (!auth.currentUser) return msg('Sign in to check out.');
  try {
    const r = await httpsCallable<unknown, { reservationId: string; expiresAt: string }>(functions, 'reserveCart')({ cartId: `web-${cartSeq}`, items: items(), ...allocation });
    reservationId = r.data.reservationId;
    (document.getElementById('pay') as HTMLButtonElement).disabled = false;
    msg(`Reserved until ${new Date(r.data.expiresAt).toLocaleTimeString()}.`);
  } catch (e) {
    const details = (e as { details?: { items?: Line[] } }).details;
    if (details?.items) {
      verdicts = new Map(details.items.map((l) => [l.sku, l]));
      renderCart();
      cartSeq++;
    }
    msg(`Could not reserve: ${(e as Error).message}`);
  }
};

/**
 * Pay: the server extends the hold and opens a payment intent (nothing is sold yet); the shopper
 * pays at the provider's hosted checkout; the provider's signed webhook confirms the sale, and
 * the page follows the reservation until it is committed (or released if the payment failed).
 * `?pay=fail` makes the local payment simulator decline, to see that path.
 */
document.getElementById('pay')!.onclick = async () => {
  if (!reservationId) return;
  const id = reservationId;
  const payButton = document.getElementById('pay') as HTMLButtonElement;
  payButton.disabled = true;
  try {
    const started = await httpsCallable<unknown, { paymentId: string; checkoutUrl: string }>(functions, 'startPayment')({ reservationId: id });
    msg('Paying…');
    const outcome = new URLSearchParams(location.search).get('pay') === 'fail' ? 'failed' : 'succeeded';
    const res = await fetch(started.data.checkoutUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentId: started.data.paymentId, outcome }) });
    if (!res.ok) throw new Error(`the payment provider answered ${res.status}`);
  } catch (e) {
    payButton.disabled = false;
    return msg(`Could not pay: ${(e as Error).message}`);
  }
  const unsub = onSnapshot(doc(db, 'reservations', id), (snap) => {
    const state = snap.data()?.state as string | undefined;
    if (state === 'committed') {
      unsub();
      msg('Order confirmed. Thank you!');
      cart.clear();
      reservationId = null;
      cartSeq++;
      renderCart();
    } else if (state === 'released' || state === 'expired') {
      unsub();
      reservationId = null;
      cartSeq++;
      msg('The payment did not go through; nothing was charged and the items were released.');
    }
  });
};

mountAuth((u) => {
  watchShopper(u?.uid ?? null);
  renderCart();
});
