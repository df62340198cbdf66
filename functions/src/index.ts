/** Entry point: exports triggers only. */
export { syncInventory, nightlyResync } from './triggers/sync';
