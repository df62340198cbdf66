/**
 * The operator dashboard (`/dashboard.html`) for a real catalogue: sync health and charts, the alert
 * inbox, approvals, exports, the vendor list, the catalogue (search, location and vendor filters,
 * cursor paging, live) and one SKU in detail. One module per panel over a small shared store
 * (store.ts); each mount returns its stop.
 */
import { mountAuth } from '../auth-ui';
import { el } from '../firebase';
import { mountAlerts } from './alerts';
import { mountApprovals } from './approvals';
import { mountBus } from './bus';
import { mountSlos } from './slos';
import { mountCover } from './cover';
import { mountTrace } from './trace';
import { mountCatalogue } from './catalogue';
import { mountCharts } from './charts';
import { mountExports } from './exports';
import { mountSku } from './sku';
import { DashboardStore, NO_FILTER } from './store';
import { mountSync } from './sync';
import { watchVendors } from './vendors';

let stop: (() => void)[] = [];

mountAuth((user, admin) => {
  for (const s of stop) s();
  stop = [];
  if (user && !admin) document.getElementById('sync')!.replaceChildren(el('span', {}, 'Operators only: this account has no admin claim.'));
  if (!user || !admin) return;
  const store = new DashboardStore({ filter: NO_FILTER, sku: null });
  stop = [
    mountSync(),
    mountBus(),
    mountSlos(),
    mountCover({ path: '/v1/cover', tableId: 'cover', sortId: 'cover-sort' }),
    mountTrace(),
    mountCharts(),
    mountAlerts(),
    mountApprovals(),
    mountExports(),
    mountCatalogue(store),
    mountSku(store),
    watchVendors((vendorId) => store.set({ filter: { ...store.state.filter, vendor: vendorId } })),
  ];
});
