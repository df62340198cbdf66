import assert from 'node:assert/strict';
import { publicError } from '../../../src/sync/sync-state';

describe('sync/sync-state publicError', () => {
  it('tells storefronts the kind of failure, never the message', () => {
    const cases: [string, RegExp][] = [
      ['GET http://wms.internal:8090/v1/changes: 503 Service Unavailable', /server error/],
      ['WMS 401: bad api key sk_live_123', /refused/],
      ['request to http://10.0.0.7/v1/changes failed, reason: connect ECONNREFUSED 10.0.0.7:8090', /could not be reached/],
      ['deadline exceeded before GET /v1/changes', /in time/],
      ['TypeError: Cannot read properties of undefined', /sync cycle failed/],
    ];
    for (const [message, kind] of cases) {
      const pub = publicError(message);
      assert.match(pub, kind, message);
      for (const secret of ['wms.internal', '10.0.0.7', 'sk_live_123', '/v1/changes', 'TypeError']) assert.ok(!pub.includes(secret));
    }
  });
});
