/**
 * POST /v1/payments/events: the payment provider's webhook. Signed like push ingestion (HMAC over
 * the timestamp and the raw body) with its own secret; a secret shorter than 32 bytes answers 503
 * (fail closed). 200 for every event handled or deliberately ignored, 409 while another event of
 * the same payment is being handled (the provider delivers it again).
 */
import { PAYMENT_SIGNATURE_HEADER } from '../../../checkout/payment-intents';
import { verify } from '../../../adapters/hmac-signature';
import { config, paymentService } from '../../../app';
import * as logs from '../../../logs';
import { send } from '../errors';
import { Route } from '../router';

export const MIN_SECRET_BYTES = 32;

export const paymentRoutes: Route[] = [
  {
    method: 'post',
    path: '/v1/payments/events',
    async handle({ req, res }) {
      const secret = config().paymentWebhookSecret;
      if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
        logs.payment('webhook_unconfigured', { bytes: Buffer.byteLength(secret) });
        return send(res, 503, { error: 'the payment webhook secret is not configured' });
      }
      const raw = req.rawBody ?? Buffer.alloc(0);
      const sig = verify(secret, req.get(PAYMENT_SIGNATURE_HEADER), raw, Math.floor(Date.now() / 1000));
      if (!sig.ok) {
        logs.payment('webhook_unauthorized', { reason: sig.reason });
        return send(res, 401, { error: `signature ${sig.reason}` });
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (e) {
        return send(res, 400, { error: 'malformed JSON', errors: [{ field: '(body)', message: e instanceof Error ? e.message : 'not JSON' }] });
      }
      const r = await paymentService().handle(body);
      if (r.outcome === 'busy') return send(res, 409, { error: 'another event of this payment is being handled; deliver again', outcome: r.outcome });
      send(res, 200, { received: true, ...r });
    },
  },
];
