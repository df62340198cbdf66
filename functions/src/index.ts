/** Entry point: exports triggers only. */
export { syncInventory, syncInventoryRelay, syncWatchdog, nightlyResync } from './triggers/sync';
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
export { applyIngestJob, requeueIngestJobs } from './triggers/ingest';
export { dailyReconciliation, runReconciliationTask as runReconciliation, onAlertWritten } from './triggers/ops';
