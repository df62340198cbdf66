/** Checkout callables (Firebase Auth required) and the hold-expiry triggers. Thin: parse, call, map. */
import { onCall } from 'firebase-functions/v2/https';
import { onTaskDispatched } from 'firebase-functions/v2/tasks';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { z } from 'zod';
import { checkoutService, paymentService, startInstance } from '../app';
import { edge } from './errors';
import { contextFrom, flushTraces, inSpan, SpanKind } from '../adapters/tracing';
import { ENFORCE_APP_CHECK } from '../config';

const callable = { cors: true, concurrency: 80, memory: '512MiB' as const, timeoutSeconds: 60, enforceAppCheck: ENFORCE_APP_CHECK };
const uidOf = (auth: { uid: string } | undefined) => auth?.uid ?? '';
/**
 * Every checkout callable counts toward the availability SLO (domain/slo.ts) and is a span,
 * continuing the caller's trace when its request carries a `traceparent` header.
 */
const checkoutEdge = <T>(req: { rawRequest?: { headers?: Record<string, string | string[] | undefined> } }, where: string, fn: () => Promise<T>) => {
  const headers = req.rawRequest?.headers;
  startInstance();
  return inSpan(`callable ${where}`, { parent: contextFrom({ traceparent: headers?.traceparent as string | undefined, tracestate: headers?.tracestate as string | undefined }), kind: SpanKind.SERVER, attributes: { 'rpc.method': where } }, () => edge(where, fn, 'checkout')).finally(() => flushTraces());
};

export const validateCart = onCall(callable, (req) => checkoutEdge(req, 'validateCart', () => checkoutService().validateCart(uidOf(req.auth), req.data)));
export const reserveCart = onCall(callable, (req) => checkoutEdge(req, 'reserveCart', () => checkoutService().reserveCart(uidOf(req.auth), req.data)));
/** Trusted servers only (admin or service claim); shoppers pay through startPayment. */
export const confirmReservation = onCall(callable, (req) =>
  checkoutEdge(req, 'confirmReservation', () =>
    checkoutService().confirmAsServer({ uid: uidOf(req.auth), trusted: req.auth?.token.admin === true || req.auth?.token.service === true }, req.data),
  ),
);
/** The shopper's Pay: extends the hold and opens a payment intent; the provider's webhook confirms. */
export const startPayment = onCall(callable, (req) => checkoutEdge(req, 'startPayment', () => paymentService().start(uidOf(req.auth), req.data)));
export const releaseReservation = onCall(callable, (req) =>
  checkoutEdge(req, 'releaseReservation', () => checkoutService().releaseReservation(uidOf(req.auth), req.data)),
);
export const extendReservation = onCall(callable, (req) =>
  checkoutEdge(req, 'extendReservation', () => checkoutService().extendReservation(uidOf(req.auth), req.data)),
);
export const cancelCommittedLine = onCall(callable, (req) =>
  checkoutEdge(req, 'cancelCommittedLine', () => checkoutService().cancelCommittedLine(uidOf(req.auth), req.auth?.token.admin === true, req.data)),
);

const expiryTask = z.object({ reservationId: z.string().min(1).max(128), dueAt: z.number().int() });

export const expireReservation = onTaskDispatched(
  { retryConfig: { maxAttempts: 10, minBackoffSeconds: 5 }, rateLimits: { maxConcurrentDispatches: 50 } },
  async (req) => {
    const task = expiryTask.parse(req.data);
    await checkoutService().expire(task.reservationId, task.dueAt);
  },
);

export const sweepReservations = onSchedule({ schedule: 'every 1 minutes', timeoutSeconds: 120, maxInstances: 1 }, async () => {
  await checkoutService().sweep();
});

/** A no-op callable: storefront health check, and the benchmark's ceiling for callables. */
export const ping = onCall(callable, (req) => ({ ok: true, uid: req.auth?.uid ?? null, at: new Date().toISOString() }));
