/**
 * The vendor panel (`/vendor.html`): a vendor user's own jobs, offers, alerts, adjustments, keys and
 * export, live through Firestore listeners and the vendor routes. One module per panel over a small
 * shared store; the rules and the API both keep every other vendor's data out.
 */
import { mountAuth } from '../auth-ui';
import { mountAccount } from './account';
import { mountAdjustments } from './adjust';
import { mountDrops } from './drops';
import { mountAlerts } from './alerts';
import { mountJobs } from './jobs';
import { mountOffers } from './offers';
import { mountCover } from '../dashboard/cover';
import { Store } from './store';

let stop: (() => void)[] = [];

mountAuth(async (user) => {
  for (const s of stop) s();
  stop = [];
  const vendorId = user ? (await user.getIdTokenResult()).claims.vendorId : undefined;
  const isVendor = typeof vendorId === 'string' && vendorId.length > 0;
  document.getElementById('panel')!.classList.toggle('hidden', !isVendor);
  document.getElementById('not-vendor')!.classList.toggle('hidden', !user || isVendor);
  if (!isVendor) return;
  const store = new Store({ vendorId, vendor: null });
  stop = [mountAccount(store), mountAlerts(store), mountJobs(vendorId), mountOffers(vendorId), mountAdjustments(vendorId), mountDrops(), mountCover({ path: '/v1/vendor/cover', tableId: 'cover', sortId: 'cover-sort' })];
});
