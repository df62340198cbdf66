/**
 * The `api` HTTPS function through the Functions emulator: signed pushes, job reads and stock reads,
 * every answer also checked against docs/openapi.json.
 */
import { adminDb, PROJECT_ID } from '../helpers';
import { sign, signRequest } from '../../../src/ingest/signature';
import { ApiContract } from '../api-contract';

/** Every answer these tests get is also checked against docs/openapi.json. */
export const fetch = new ApiContract().asFetch();

export const db = adminDb();
export const BASE = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1/api`;
// functions/.secret.local: the default secret, the previous one (a rotation), and erp-eu's own.
export const SECRET = 'local-ingest-signing-secret-0123456789';
export const PREVIOUS = 'local-ingest-previous-secret-0123456789';
export const ERP_EU = 'local-erp-eu-signing-secret-0123456789';

/** A job read with its source's credentials: a v2-signed GET (method, path, source header). */
export async function job(jobId: string, source: string, secret = SECRET, path = `/v1/jobs/${jobId}`) {
  const sig = signRequest(secret, { method: 'GET', path, query: '', headers: { 'x-inventory-source': source }, body: '' }, Math.floor(Date.now() / 1000));
  const res = await fetch(`${BASE}/v1/jobs/${jobId}`, { headers: { 'x-inventory-source': source, 'x-inventory-signature': sig } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A push, signed v1 (the body) when that is enough, else v2 (the whole request). */
export async function post(body: string, opts: { type?: string; t?: number; secret?: string; sig?: string | null; query?: string; headers?: Record<string, string> } = {}) {
  const t = opts.t ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': opts.type ?? 'application/json', ...opts.headers };
  const query = (opts.query ?? '').replace(/^\?/, '');
  const bodyOnly = headers['content-type'] === 'application/json' && !query;
  const secret = opts.secret ?? SECRET;
  const sig = opts.sig === undefined ? (bodyOnly ? sign(secret, body, t) : signRequest(secret, { method: 'POST', path: '/v1/inventory/sync', query, headers: {}, body }, t)) : opts.sig;
  if (sig !== null) headers['x-inventory-signature'] = sig;
  const res = await fetch(`${BASE}/v1/inventory/sync${opts.query ?? ''}`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

export const row = (sku: string, onHand: number, seq: number, extra: object = {}) => ({ op: 'upsert', sku, locationId: 'wh-01', onHand, seq, occurredAt: new Date().toISOString(), ...extra });
export const stock = async (sku: string) => (await db.doc(`inventory/${sku}`).get()).data();
export const snapshotAll = async () => (await db.collection('inventory').get()).docs.map((d) => [d.id, d.data().version, d.data().onHand]);
