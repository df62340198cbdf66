import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../../../helpers';
import { paymentRoutes } from '../../../../../src/triggers/http/routes/payments';
import { ApiServices } from '../../../../../src/triggers/http/services';
import { PaymentService } from '../../../../../src/checkout/payments';
import { CommandQueue } from '../../../../../src/checkout/command-queue';
import { RecordedResponse } from '../../../../unit/triggers/http/fake-response';

describe('triggers/http/routes/payments (emulator, in-process)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);
  const route = paymentRoutes[0]!;
  const payments = new PaymentService(db, new CommandQueue(db, { defaultThreshold: 2, owner: 'payments-route-test' }), { paymentProviderUrl: 'http://127.0.0.1:1', reservationTtlSeconds: 900 } as never, 'test-instance');
  const app = { payments: () => payments } as unknown as ApiServices;
  const deliver = async (raw: string) => {
    const res = new RecordedResponse();
    await route.handle({ req: { rawBody: Buffer.from(raw) } as never, res: res as never, params: {}, query: {}, path: route.path, principal: { kind: 'payment' }, uid: '', app });
    return res;
  };

  it("answers the provider: 200 for an event handled or ignored (an unknown payment), 400 naming the field of a bad one", async () => {
    const ok = await deliver(JSON.stringify({ id: 'evt_1', type: 'payment.succeeded', data: { paymentId: 'pi_nobody' } }));
    assert.deepEqual([ok.status_, (ok.body as { outcome: string }).outcome], [200, 'unknown_payment']);
    const notJson = await deliver('{nope');
    assert.equal(notJson.status_, 400);
    assert.deepEqual((notJson.body as { errors: { field: string }[] }).errors.map((e) => e.field), ['(body)']);
  });
});
