/**
 * The `api` HTTPS function: a router over small route handlers (http/routes/). Parsing,
 * authentication and error mapping live in http/; use cases know nothing of HTTP.
 */
import { onRequest } from 'firebase-functions/v2/https';
import { SECRETS } from '../config';
import { router } from './http/router';
import { pushRoutes } from './http/routes/push';
import { stockRoutes } from './http/routes/stock';
import { opsRoutes } from './http/routes/ops';
import { paymentRoutes } from './http/routes/payments';

const routes = [...pushRoutes, ...stockRoutes, ...opsRoutes, ...paymentRoutes];

/** Every route, as the OpenAPI document must list them. */
export const ROUTES = routes.map(({ method, path }) => ({ method, path }));

export const handle = router(routes);

export const api = onRequest({ secrets: [...SECRETS.ingest, ...SECRETS.wms, ...SECRETS.payments], cors: false, concurrency: 80, memory: '512MiB', timeoutSeconds: 60 }, handle);
