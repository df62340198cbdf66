/** The vendor panel's shared state: which vendor the signed-in user acts for, and its document, live. */
import type { DocumentData } from 'firebase/firestore';
import { Store as BaseStore } from '../store';

export interface PanelState {
  vendorId: string;
  vendor: DocumentData | null;
}

export class Store extends BaseStore<PanelState> {}
