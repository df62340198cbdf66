/**
 * Composition root: builds use-case dependencies from configuration, once per process. Triggers
 * call these; tests build their own dependencies with the same constructors.
 */
import { randomUUID } from 'node:crypto';
import { readConfig, AppConfig } from './config';
import { firestore } from './adapters/firebase';
import { FeatureFlags, remoteConfigFlags } from './adapters/feature-flags';
import { WmsHttpConnector } from './adapters/wms-http';
import { CountApplier } from './sync/count-applier';
import { SyncDeps } from './sync/sync-cycle';

let flags: Promise<FeatureFlags> | undefined;
let applier: CountApplier | undefined;
let connector: WmsHttpConnector | undefined;

export const instanceId = randomUUID();

export function config(): AppConfig {
  return readConfig();
}

export function featureFlags(): Promise<FeatureFlags> {
  flags ??= remoteConfigFlags();
  return flags;
}

export function wmsConnector(cfg = config()): WmsHttpConnector {
  connector ??= new WmsHttpConnector({ baseUrl: cfg.wmsBaseUrl, apiKey: cfg.wmsApiKey });
  return connector;
}

export function countApplier(cfg = config()): CountApplier {
  applier ??= new CountApplier(firestore(), { defaultThreshold: cfg.lowStockThreshold });
  return applier;
}

export async function syncDeps(): Promise<SyncDeps> {
  const cfg = config();
  return {
    db: firestore(),
    connector: wmsConnector(cfg),
    flags: await featureFlags(),
    applier: countApplier(cfg),
    staleAfterSeconds: cfg.staleAfterSeconds,
  };
}
