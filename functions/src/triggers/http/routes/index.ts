/** Every route of the `api` function, in matching order (and the source of docs/openapi.json). */
import { pushRoutes } from './push';
import { stockRoutes } from './stock';
import { opsRoutes } from './ops';
import { paymentRoutes } from './payments';
import { vendorRoutes } from './vendors';
import type { Route } from '../router';

export const API_ROUTES: readonly Route[] = [...pushRoutes, ...stockRoutes, ...opsRoutes, ...paymentRoutes, ...vendorRoutes];
