/** A WMS simulator and the sync's dependencies on it, for the tests of one sync module each. */
import { adminDb, syncOn } from '../helpers';
import { WmsSimulator } from '../../../tools/wms-simulator';
import { WmsHttpConnector } from '../../../src/adapters/wms-http';
import { CountApplier } from '../../../src/stock/count-applier';
import { SyncDeps } from '../../../src/sync/sync-cycle';

export async function startWms(skus = 20, locations = 3): Promise<{ sim: WmsSimulator; deps: (over?: Partial<SyncDeps>) => SyncDeps }> {
  const sim = new WmsSimulator({ skus, locations, rate: 0 });
  await sim.start();
  const deps = (over: Partial<SyncDeps> = {}): SyncDeps => ({
    db: adminDb(),
    connector: new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: 500, baseBackoffMs: 10, maxBackoffMs: 50 }),
    flags: syncOn(),
    applier: new CountApplier(adminDb(), { defaultThreshold: 5 }),
    staleAfterSeconds: 30,
    pageSize: 500,
    ...over,
  });
  return { sim, deps };
}
