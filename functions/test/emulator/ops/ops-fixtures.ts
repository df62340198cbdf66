/** Shared by the tests split from one file: ops.test.ts. */
import { adminDb, PROJECT_ID } from '../helpers';
import { WmsSimulator } from '../../../tools/wms-simulator';
import { WmsHttpConnector } from '../../../src/adapters/wms-http';
import { CountApplier } from '../../../src/stock/count-applier';
import { runSyncCycle } from '../../../src/sync/sync-cycle';
import { emulatorIdToken } from '../../../tools/auth-emulator';
import { ApiContract } from '../api-contract';

/** Every answer these tests get is also checked against docs/openapi.json. */
export const fetch = new ApiContract().asFetch();

export const idToken = (uid: string, claims: Record<string, unknown>) => emulatorIdToken(uid, claims, 'ops.example.com');

export const db = adminDb();
export const API = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1/api`;

export const postJson = (path: string, token: string | null, body: unknown = {}) =>
  fetch(`${API}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

/** A WMS simulator, the applier and a connector on it, the catalogue synced once; closed after `fn`. */
export async function withSyncedWms(o: { skus: number; locations: number }, fn: (w: { sim: WmsSimulator; applier: CountApplier; connector: WmsHttpConnector }) => Promise<void>): Promise<void> {
  const sim = new WmsSimulator(o);
  await sim.start();
  try {
    const applier = new CountApplier(db, { defaultThreshold: 2 });
    const connector = new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey });
    await runSyncCycle({ db, connector, flags: { isEnabled: async () => true }, applier, staleAfterSeconds: 30 });
    await fn({ sim, applier, connector });
  } finally {
    await sim.close();
  }
}
