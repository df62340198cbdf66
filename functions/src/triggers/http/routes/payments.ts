/**
 * POST /v1/payments/events: the payment provider's webhook. Signed like push ingestion (HMAC over
 * the timestamp and the raw body) with its own secret; a secret shorter than 32 bytes answers 503
 * (fail closed). 200 for every event handled or deliberately ignored, 409 while another event of
 * the same payment is being handled (the provider delivers it again).
 */
import { send } from '../errors';
import { Route } from '../router';
import { paymentEventSchema } from '../../../checkout/payments';
import { ErrorSchema, PaymentBusySchema, PaymentReceivedSchema } from '../api-schemas';


export const paymentRoutes: Route[] = [
  {
    method: 'post',
    path: '/v1/payments/events',
    doc: {
      summary: "The payment provider's webhook: confirms, releases or restocks the hold behind a payment",
      tag: 'payments',
      security: 'payment',
      body: { required: true, json: paymentEventSchema.meta({ id: 'PaymentEvent' }) },
      responses: {
        200: { description: 'handled, or deliberately ignored (a duplicate, an unknown payment, a hold already gone)', json: PaymentReceivedSchema },
        400: { description: 'an event that does not validate, naming the field; a body that is not JSON at all is refused by the platform\'s body parser before the function runs, as text/html', json: ErrorSchema, text: 'text/html' },
        401: { description: 'missing, wrong or expired signature', json: ErrorSchema },
        409: { description: 'another event of this payment is being handled: deliver again', json: PaymentBusySchema },
        503: { description: 'the webhook secret is not configured: fail closed', json: ErrorSchema },
      },
    },
    /** The signature was checked by the `payment` guard. */
    async handle({ req, res, app }) {
      const raw = req.rawBody ?? Buffer.alloc(0);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (e) {
        return send(res, 400, { error: 'malformed JSON', errors: [{ field: '(body)', message: e instanceof Error ? e.message : 'not JSON' }] });
      }
      const r = await app.payments().handle(body);
      if (r.outcome === 'busy') return send(res, 409, { error: 'another event of this payment is being handled; deliver again', outcome: r.outcome });
      send(res, 200, { received: true, ...r });
    },
  },
];
