import assert from 'node:assert/strict';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { applySlos, burnRatePolicies, SERVICE_ID, sloResource } from '../../../src/adapters/slo-provision';
import { SLOS } from '../../../src/domain/slo';

/** The services and serviceLevelObjectives part of the Monitoring v3 API, in memory (there is no emulator). */
function servicesStandIn() {
  const store = new Map<string, Record<string, unknown>>();
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      calls.push(`${req.method} ${url.pathname}${url.search}`);
      res.setHeader('content-type', 'application/json');
      const path = url.pathname.replace(/^\/v3\//, '');
      if (req.method === 'GET') {
        const found = store.get(path);
        res.statusCode = found ? 200 : 404;
        res.end(JSON.stringify(found ?? { error: { code: 404 } }));
        return;
      }
      const id = url.searchParams.get('serviceId') ?? url.searchParams.get('serviceLevelObjectiveId');
      const name = req.method === 'POST' ? `${path}/${id}` : path;
      if (req.method === 'PATCH') assert.ok(store.has(name), `PATCH of a missing ${name}`);
      store.set(name, { ...(JSON.parse(body) as Record<string, unknown>), name });
      res.end(JSON.stringify(store.get(name)));
    });
  });
  return { server, store, calls };
}

describe('adapters/slo-provision', () => {
  it('each SLO in Cloud Monitoring terms: a good/total ratio or a distribution cut over the exported metric, its goal and 28-day window', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading into a JSON resource
    const [avail, fresh, delivery] = SLOS.map((d) => JSON.parse(JSON.stringify(sloResource(d))) as any);
    assert.equal(avail.goal, 0.999);
    assert.equal(avail.rollingPeriod, '2419200s');
    const ratio = avail.serviceLevelIndicator.requestBased.goodTotalRatio;
    assert.equal(ratio.totalServiceFilter, 'metric.type="workload.googleapis.com/stock_requests_total" AND resource.type="generic_node" AND metric.label.surface=one_of("read","checkout")');
    assert.equal(ratio.goodServiceFilter, `${ratio.totalServiceFilter} AND metric.label.outcome="ok"`);
    assert.deepEqual(fresh.serviceLevelIndicator.requestBased.distributionCut, {
      distributionFilter: 'metric.type="workload.googleapis.com/stock_sync_latency_seconds" AND resource.type="generic_node" AND metric.label.source="wms"',
      range: { min: 0, max: 10 },
    });
    assert.equal(delivery.serviceLevelIndicator.requestBased.distributionCut.range.max, 5);
  });

  it('a fast and a slow burn policy per SLO, selecting the SLO by its name', () => {
    const policies = SLOS.flatMap((d) => burnRatePolicies('demo-p', d));
    assert.equal(policies.length, 6);
    const fast = policies[0]!.conditions[0]!.conditionThreshold!;
    assert.equal(fast.filter, `select_slo_burn_rate("projects/demo-p/services/${SERVICE_ID}/serviceLevelObjectives/read-and-checkout-availability", "3600s")`);
    assert.equal(fast.thresholdValue, 14.4);
    assert.equal(policies[1]!.conditions[0]!.conditionThreshold!.thresholdValue, 6);
    assert.ok(policies.every((p) => p.documentation!.content.includes('SLO burn')));
  });

  it('creates the service and the SLOs, patches one that differs, and a second run changes nothing', async () => {
    const api = servicesStandIn();
    await new Promise<void>((r) => api.server.listen(0, '127.0.0.1', r));
    try {
      const o = { accessToken: async () => 't', endpoint: `http://127.0.0.1:${(api.server.address() as AddressInfo).port}` };
      const first = await applySlos('demo-p', o);
      assert.deepEqual(first.changed, [`service ${SERVICE_ID}: created`, ...SLOS.map((s) => `SLO ${s.id}: created`)]);
      assert.deepEqual((await applySlos('demo-p', o)).changed, []);
      const edited = SLOS.map((s, i) => (i === 1 ? { ...s, goal: 0.995 } : s));
      assert.deepEqual((await applySlos('demo-p', { ...o, slos: edited })).changed, ['SLO wms-change-freshness: updated']);
      assert.ok(api.calls.some((c) => c.startsWith(`PATCH /v3/projects/demo-p/services/${SERVICE_ID}/serviceLevelObjectives/wms-change-freshness?updateMask=`)));
      assert.equal(api.store.get(`projects/demo-p/services/${SERVICE_ID}/serviceLevelObjectives/wms-change-freshness`)!.goal, 0.995);
    } finally {
      api.server.close();
    }
  });
});
