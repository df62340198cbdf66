/**
 * The `api` HTTPS function: a router over small route handlers (http/routes/). Parsing,
 * authentication and error mapping live in http/; use cases know nothing of HTTP.
 */
import { onRequest } from 'firebase-functions/v2/https';
import { SECRETS } from '../config';
import { router } from './http/router';
import { API_ROUTES } from './http/routes';
import { apiServices, startInstance } from '../app';

/** Every route, as the OpenAPI document must list them. */
export const ROUTES = API_ROUTES.map(({ method, path }) => ({ method, path }));

const route = router(API_ROUTES, apiServices);

export const handle: typeof route = (req, res) => {
  startInstance();
  return route(req, res);
};

export const api = onRequest({ secrets: [...SECRETS.ingest, ...SECRETS.wms, ...SECRETS.payments], cors: false, concurrency: 80, memory: '512MiB', timeoutSeconds: 60 }, handle);
