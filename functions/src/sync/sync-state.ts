/**
 * The sync's own documents: `syncState/{connector}` (cursor, breaker, pause, rollout share; the
 * poller's working state), the writes of `syncStatus/{connector}` (what storefronts see; read side
 * in status.ts) and `syncHealth/{connector}` (what only operators see: the raw error, the breaker,
 * the failure window, the last cycle's figures). The only code that knows their shape.
 */
import { DocumentData, FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { BreakerState, CLOSED } from '../domain/breaker';
import { freshness } from '../domain/staleness';
import { C } from '../adapters/collections';
import { plainJson } from '../adapters/plain-json';
import { POLLING_CONNECTOR, statusRef } from '../stock/freshness';
import { isOwned } from '../domain/rollout';
import { FeatureFlags } from '../adapters/feature-flags';
import { FEATURE_SYNC_ENABLED } from '../config';
import { OwnershipSource } from '../stock/ports';

export interface SyncState {
  cursor: string | null;
  breaker: BreakerState;
  paused: boolean;
  rolloutPercent: number;
  /** SKUs forced back to the legacy system (a per-SKU rollback), whatever the share says. */
  rolledBack: string[];
}

export function readSyncState(data: DocumentData | undefined): SyncState {
  return {
    cursor: typeof data?.cursor === 'string' ? data.cursor : null,
    breaker: (data?.breaker as BreakerState | undefined) ?? CLOSED,
    paused: data?.paused === true,
    rolloutPercent: typeof data?.rolloutPercent === 'number' ? data.rolloutPercent : 100,
    rolledBack: Array.isArray(data?.rolledBack) ? (data.rolledBack as unknown[]).filter((s): s is string => typeof s === 'string') : [],
  };
}

/**
 * The staged migration as every count writer sees it: the feature flag, the rollout share and the
 * rollback list of `syncState/{connector}`, read at most every `cacheMs`.
 */
export class RolloutOwnership implements OwnershipSource {
  private cached: { at: number; owns: (sku: string) => boolean } | null = null;

  constructor(
    private readonly db: Firestore,
    private readonly flags: FeatureFlags,
    private readonly connectorId = POLLING_CONNECTOR,
    private readonly cacheMs = 5_000,
  ) {}

  async current(): Promise<(sku: string) => boolean> {
    if (this.cached && Date.now() - this.cached.at < this.cacheMs) return this.cached.owns;
    const [enabled, snap] = await Promise.all([this.flags.isEnabled(FEATURE_SYNC_ENABLED), this.db.collection(C.syncState).doc(this.connectorId).get()]);
    const st = readSyncState(snap.data());
    const settings = { enabled, rolloutPercent: st.rolloutPercent, rolledBack: new Set(st.rolledBack) };
    const owns = (sku: string) => isOwned(sku, settings);
    this.cached = { at: Date.now(), owns };
    return owns;
  }
}

export class SyncStateStore {
  private readonly stateRef;
  private readonly statusRef;
  private readonly healthRef;

  constructor(
    db: Firestore,
    readonly connectorId: string,
    private readonly staleAfterSeconds: number,
    private readonly now: () => number,
  ) {
    this.stateRef = db.collection(C.syncState).doc(connectorId);
    this.statusRef = statusRef(db, connectorId);
    this.healthRef = healthRef(db, connectorId);
  }

  /** The working state and the status (public and private fields together) as they are, in one read. */
  async load(): Promise<{ state: SyncState; status: DocumentData }> {
    const [state, status, health] = await this.stateRef.firestore.getAll(this.stateRef, this.statusRef, this.healthRef);
    return { state: readSyncState(state!.data()), status: { ...(status!.data() ?? {}), ...(health!.data() ?? {}) } };
  }

  /** After a commit: the cursor moves past what was applied, and the circuit closes. */
  async saveProgress(cursor: string | null, breaker: BreakerState): Promise<void> {
    await this.stateRef.set({ cursor, breaker, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
  }

  async saveLastResync(result: Record<string, unknown>): Promise<void> {
    await this.stateRef.set({ lastResync: { ...result, at: FieldValue.serverTimestamp() } }, { merge: true });
  }

  async saveBreaker(breaker: BreakerState): Promise<void> {
    await this.stateRef.set({ breaker }, { merge: true });
  }

  /**
   * The status after a cycle, in one commit: the public part (`stale` stored as computed now;
   * readers derive it themselves too), and the private part (`PRIVATE_STATUS_FIELDS`, with the raw
   * error) for operators. The public `lastError` says only what kind of failure it was.
   */
  async writeStatus(fields: Record<string, unknown>, lastSuccessAt: number | null): Promise<void> {
    const at = this.now();
    const pub: Record<string, unknown> = {};
    const priv: Record<string, unknown> = { connectorId: this.connectorId, updatedAt: Timestamp.fromMillis(at) };
    for (const [k, v] of Object.entries(fields)) (PRIVATE_STATUS_FIELDS.includes(k) ? priv : pub)[k] = v;
    if ('lastError' in fields) {
      priv.lastError = fields.lastError;
      pub.lastError = typeof fields.lastError === 'string' ? publicError(fields.lastError) : null;
    }
    const batch = this.statusRef.firestore.batch();
    batch.set(
      this.statusRef,
      {
        connectorId: this.connectorId,
        lastAttemptAt: Timestamp.fromMillis(at),
        stale: freshness({ lastSuccessAt, staleAfterSeconds: this.staleAfterSeconds }, at).stale,
        staleAfterSeconds: this.staleAfterSeconds,
        ...pub,
      },
      { merge: true },
    );
    batch.set(this.healthRef, priv, { merge: true });
    await batch.commit();
  }
}

/** Status fields only operators see (in `syncHealth/{connector}`, which the rules deny to clients). */
export const PRIVATE_STATUS_FIELDS: readonly string[] = ['breaker', 'window', 'lastCycle', 'schemaVersion', 'contractError'];

export function healthRef(db: Firestore, connectorId = POLLING_CONNECTOR) {
  return db.collection(C.syncHealth).doc(connectorId);
}

/**
 * What a storefront may learn of a failure: its kind, never the message (which can name hosts,
 * paths or the WMS's own error text).
 */
export function publicError(message: string): string {
  if (/\bschema\b/i.test(message)) return 'the inventory system answered in a format this system does not read';
  if (/timed? ?out|deadline|abort/i.test(message)) return 'the inventory system did not answer in time';
  if (/\b5\d\d\b/.test(message)) return 'the inventory system answered with a server error';
  if (/\b4\d\d\b/.test(message)) return 'the inventory system refused the request';
  if (/ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|fetch failed|socket|network/i.test(message)) return 'the inventory system could not be reached';
  return 'the sync cycle failed';
}

/** The sync as an operator sees it: the public status, the private health and the working state. */
export async function readSyncHealth(db: Firestore, connectorId = POLLING_CONNECTOR): Promise<Record<string, unknown>> {
  const [status, health, state] = await db.getAll(statusRef(db, connectorId), healthRef(db, connectorId), db.collection(C.syncState).doc(connectorId));
  const st = readSyncState(state!.data());
  return {
    connectorId,
    status: plainJson(status!.data() ?? {}),
    health: plainJson(health!.data() ?? {}),
    state: { paused: st.paused, rolloutPercent: st.rolloutPercent, rolledBack: st.rolledBack, breaker: st.breaker, cursor: st.cursor },
  };
}
