/**
 * The `api` HTTPS function: a router over small route handlers (http/routes/). Parsing,
 * authentication and error mapping live in http/; use cases know nothing of HTTP.
 */
import { onRequest } from 'firebase-functions/v2/https';
import { SECRETS } from '../config';
import { router } from './http/router';
import { API_ROUTES } from './http/routes';

/** Every route, as the OpenAPI document must list them. */
export const ROUTES = API_ROUTES.map(({ method, path }) => ({ method, path }));

export const handle = router(API_ROUTES);

export const api = onRequest({ secrets: [...SECRETS.ingest, ...SECRETS.wms, ...SECRETS.payments], cors: false, concurrency: 80, memory: '512MiB', timeoutSeconds: 60 }, handle);
