/** Entry point: exports triggers only (config first: it sets the global options, the region). */
import './config';
export { syncInventory, syncInventoryRelay, syncWatchdog, vendorFeedWatchdog, nightlyResync } from './triggers/sync';
export {
  validateCart,
  reserveCart,
  confirmReservation,
  startPayment,
  releaseReservation,
  extendReservation,
  cancelCommittedLine,
  expireReservation,
  sweepReservations,
  ping,
} from './triggers/checkout';
export { publishEvents, publishEventsRelay, onInventoryEvent } from './triggers/events';
export { api } from './triggers/api';
export { applyIngestJob, requeueIngestJobs, onVendorDrop } from './triggers/ingest';
export { dailyReconciliation, runReconciliationTask as runReconciliation, onAlertWritten } from './triggers/ops';
