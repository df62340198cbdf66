/** A small observable store: one state object, patched, and listeners told of every change. */
type Listener<S> = (s: S) => void;

export class Store<S extends object> {
  private listeners: Listener<S>[] = [];
  constructor(public state: S) {}

  set(patch: Partial<S>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  /** Calls `l` now and on every change; returns the unsubscribe. */
  subscribe(l: Listener<S>): () => void {
    this.listeners.push(l);
    l(this.state);
    return () => (this.listeners = this.listeners.filter((x) => x !== l));
  }
}
