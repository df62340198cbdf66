/**
 * One function per log event, so every structured log (and log-based metric) has one definition.
 * Entries carry `event` for filtering and numeric fields for log-based metrics.
 */
import * as logger from 'firebase-functions/logger';
import type { SyncCycleMetrics } from './sync/cycle-metrics';

function errorFields(err: unknown): { error: string; stack?: string } {
  if (err instanceof Error) return { error: err.message, stack: err.stack };
  return { error: String(err) };
}

export function flagTemplateUnavailable(err: unknown): void {
  logger.warn('Remote Config server template unavailable; using built-in defaults', { event: 'flags.template_unavailable', error: errorFields(err).error });
}

export function flagEvaluationFailed(flag: string, err: unknown): void {
  logger.warn('Feature flag evaluation failed; using its default', { event: 'flags.evaluation_failed', flag, ...errorFields(err) });
}

export function syncCycle(m: SyncCycleMetrics): void {
  logger.info('sync cycle', { event: 'sync.cycle', ...m });
}

export function syncCycleFailed(connector: string, err: unknown, consecutiveFailures: number): void {
  logger.error('sync cycle failed', { event: 'sync.cycle_failed', connector, consecutiveFailures, ...errorFields(err) });
}

export function wmsContractMismatch(connector: string, kind: string, version: string, message: string): void {
  logger.error('WMS contract mismatch: sync stopped for this connector', { event: 'wms.contract_mismatch', connector, kind, version, detail: message });
}

export function syncShift(connector: string, f: { owner: string; role: string; stoodBy: boolean; tookOver: boolean; ended?: string; cycles: number; reason?: string }): void {
  logger.info('sync shift ended', { event: 'sync.shift', connector, ...f });
}

export function relayShift(name: string, f: Record<string, unknown>): void {
  logger.info('relay shift ended', { event: 'relay.shift', name, ...f });
}

export function poisonMessage(topic: string, reason: string): void {
  logger.error('message dropped: it can never be processed', { event: 'message.poison', topic, reason });
}

export function deadLettered(topic: string, eventId: string, attempts: number, reason: string): void {
  logger.error('message dead-lettered', { event: 'message.dead_lettered', topic, eventId, attempts, reason });
}

export function consumerFailed(consumer: string, eventId: string, err: unknown): void {
  logger.warn('event consumer failed; the message will be redelivered', { event: 'consumer.failed', consumer, eventId, error: err instanceof Error ? err.message : String(err) });
}

export function listenerFailed(name: string, err: unknown): void {
  logger.warn('listener failed; the fixed interval takes over', { event: 'listener.failed', name, error: String(err) });
}

export function syncStale(connector: string, ageMs: number | null): void {
  logger.warn('sync is stale: no successful cycle within STALE_AFTER_SECONDS', { event: 'sync.stale', connector, ageMs });
}

export function syncSkipped(connector: string, reason: string): void {
  logger.info('sync skipped', { event: 'sync.skipped', connector, reason });
}

export function syncRejectedRows(connector: string, count: number): void {
  logger.warn('sync quarantined malformed rows', { event: 'sync.rejected_rows', connector, count });
}

export function resyncDone(connector: string, m: Record<string, number>): void {
  logger.info('full resync done', { event: 'sync.resync', connector, ...m });
}

export function wmsRetry(url: string, attempt: number, status: number | string, waitMs: number): void {
  logger.warn('WMS request retried', { event: 'wms.retry', url, attempt, status, waitMs });
}

export function wmsHedged(url: string, afterMs: number): void {
  logger.info('WMS read sent again (no answer yet)', { event: 'wms.hedged', url, afterMs });
}

export function circuitOpened(connector: string, failures: number, untilMs: number): void {
  logger.error('circuit breaker opened', { event: 'sync.circuit_open', connector, failures, until: new Date(untilMs).toISOString() });
}

export function payment(stage: string, fields: Record<string, unknown>): void {
  logger.info(`payment ${stage}`, { event: `payment.${stage.replace(/^payment\./, '')}`, ...fields });
}

export function reservation(action: string, fields: Record<string, unknown>): void {
  logger.info(`reservation ${action}`, { event: `checkout.${action}`, ...fields });
}

export function internalError(where: string, err: unknown, fields: Record<string, unknown> = {}): void {
  logger.error(`internal error in ${where}`, { event: 'internal_error', where, ...fields, ...errorFields(err) });
}

export function eventsPublished(count: number, lagMsP50: number | null, lagMsMax: number | null, ms?: Record<string, number>): void {
  logger.info('events published', { event: 'events.published', count, lagMsP50, lagMsMax, ...(ms ? { ms } : {}) });
}

export function ingest(stage: string, fields: Record<string, unknown>): void {
  logger.info(`ingest ${stage}`, { event: `ingest.${stage}`, ...fields });
}

export function alertRaised(kind: string, fields: Record<string, unknown>): void {
  logger.warn(`alert ${kind}`, { event: 'alert.raised', kind, ...fields });
}

export function checkoutQueueRetry(commands: number, err: unknown): void {
  logger.warn('checkout batch not applied; it stays queued for the next drain', { event: 'checkout.queue_retry', commands, ...errorFields(err) });
}

export function reconciliation(runId: string, state: string): void {
  logger.info('reconciliation', { event: 'reconciliation.run', runId, state });
}

export function eventInvalid(eventId: string, reason: string): void {
  logger.error('event failed its schema: not published', { event: 'event.invalid', eventId, reason });
}

export function alertDelivered(alertId: string, transition: string, outcome: string): void {
  logger.info('alert posted to the webhook', { event: 'alert.delivered', alertId, transition, outcome });
}

export function vendor(stage: string, fields: Record<string, unknown>): void {
  logger.info(`vendor ${stage}`, { event: `vendor.${stage}`, ...fields });
}
