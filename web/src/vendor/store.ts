/** The vendor panel's shared state: which vendor the signed-in user acts for, and its document, live. */
import type { DocumentData } from 'firebase/firestore';

export interface PanelState {
  vendorId: string;
  vendor: DocumentData | null;
}

type Listener = (s: PanelState) => void;

export class Store {
  private listeners: Listener[] = [];
  constructor(public state: PanelState) {}

  set(patch: Partial<PanelState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  subscribe(l: Listener): () => void {
    this.listeners.push(l);
    l(this.state);
    return () => (this.listeners = this.listeners.filter((x) => x !== l));
  }
}

/** Days, hours or minutes since a time, for ages and staleness. */
export function since(ms: number | null | undefined, now = Date.now()): string {
  if (!ms) return '—';
  const min = Math.round((now - ms) / 60_000);
  return min < 120 ? `${min} min` : min < 2880 ? `${Math.round(min / 60)} h` : `${Math.round(min / 1440)} d`;
}
