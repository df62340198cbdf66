/**
 * What the public stock document says per sales channel, and when out-of-stock units are back.
 * Every stock writer stamps it from the allocation config in force (adapters/allocation-config.ts
 * loads it, cached, before writing); with no channels configured the document has no `channels`.
 */
import { Timestamp, DocumentData } from 'firebase-admin/firestore';
import { AllocationConfig, channelAvailable, DEFAULT_ALLOCATION } from '../domain/allocation';
import { StockState } from '../domain/inventory';
import { statusFor } from '../domain/stock';
import { backOnOf } from '../domain/locations';

let current: { cfg: AllocationConfig; configured: boolean } = { cfg: DEFAULT_ALLOCATION, configured: false };

/** The config stock writers stamp with (`configured` false: the built-in default, no `channels` field). */
export function useAllocation(cfg: AllocationConfig, configured: boolean): void {
  current = { cfg, configured };
}

export function allocationInForce(): { cfg: AllocationConfig; configured: boolean } {
  return current;
}

/** Per channel: what it can sell and its status. */
export function channelsOf(state: StockState, cfg: AllocationConfig): Record<string, { available: number; status: string }> {
  const out: Record<string, { available: number; status: string }> = {};
  for (const [id, ch] of Object.entries(cfg.channels)) {
    const available = state.halt ? 0 : channelAvailable(cfg, ch, state.locations, state.reserved);
    out[id] = { available, status: statusFor(available, state.lowStockThreshold) };
  }
  return out;
}

/** The earliest date incoming units are expected, where a location has some coming. */
export function backOn(state: StockState): number | null {
  return backOnOf(state.locations);
}

/** The public document's channel and back-on fields: absent when they have nothing to say. */
export function channelLevels(state: StockState): DocumentData {
  const out: DocumentData = {};
  if (current.configured) out.channels = channelsOf(state, current.cfg);
  const b = backOn(state);
  if (b !== null) out.backOn = Timestamp.fromMillis(b);
  return out;
}
