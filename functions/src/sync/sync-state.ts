/**
 * The sync's own documents: `syncState/{connector}` (cursor, breaker, pause, rollout share; the
 * poller's working state) and the writes of `syncStatus/{connector}` (what readers see; read side
 * in status.ts). The only code that knows their shape.
 */
import { DocumentData, FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { BreakerState, CLOSED } from '../domain/breaker';
import { freshness } from '../domain/staleness';
import { C } from '../adapters/collections';
import { POLLING_CONNECTOR, statusRef } from './status';
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

  constructor(
    db: Firestore,
    readonly connectorId: string,
    private readonly staleAfterSeconds: number,
    private readonly now: () => number,
  ) {
    this.stateRef = db.collection(C.syncState).doc(connectorId);
    this.statusRef = statusRef(db, connectorId);
  }

  /** The working state and the status document as they are, in one read. */
  async load(): Promise<{ state: SyncState; status: DocumentData }> {
    const [state, status] = await this.stateRef.firestore.getAll(this.stateRef, this.statusRef);
    return { state: readSyncState(state!.data()), status: status!.data() ?? {} };
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

  /** The status readers see; `stale` is stored as computed now (readers derive it themselves too). */
  async writeStatus(fields: Record<string, unknown>, lastSuccessAt: number | null): Promise<void> {
    const at = this.now();
    await this.statusRef.set(
      {
        connectorId: this.connectorId,
        lastAttemptAt: Timestamp.fromMillis(at),
        stale: freshness({ lastSuccessAt, staleAfterSeconds: this.staleAfterSeconds }, at).stale,
        staleAfterSeconds: this.staleAfterSeconds,
        ...fields,
      },
      { merge: true },
    );
  }
}
