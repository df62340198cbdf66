import assert from 'node:assert/strict';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AlertPolicy, applyPolicies, busPolicies, loadPolicies } from '../../../src/adapters/monitoring-policies';

const DIR = path.resolve(__dirname, '../../../../ops/alert-policies');

/** The part of the Monitoring v3 API the command uses, in memory (there is no emulator). */
function monitoringStandIn() {
  const store = new Map<string, AlertPolicy & { name: string }>();
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      calls.push(`${req.method} ${url.pathname}`);
      assert.equal(req.headers.authorization, 'Bearer token-1');
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET') {
        const name = /display_name = "(.*)"/.exec(url.searchParams.get('filter') ?? '')?.[1];
        res.end(JSON.stringify({ alertPolicies: [...store.values()].filter((p) => p.displayName === name) }));
        return;
      }
      const p = JSON.parse(body) as AlertPolicy;
      if (req.method === 'POST') {
        const name = `projects/demo-p/alertPolicies/${store.size + 1}`;
        store.set(name, { ...p, name });
        res.end(JSON.stringify(store.get(name)));
        return;
      }
      const name = url.pathname.replace(/^\/v3\//, '');
      store.set(name, { ...p, name });
      res.end(JSON.stringify(store.get(name)));
    });
  });
  return { server, store, calls };
}

describe('adapters/monitoring-policies', () => {
  it('every policy file is a log-match policy on an event the code logs, or a threshold on a metric it exports', () => {
    const logs = readFileSync(path.resolve(__dirname, '../../../src/logs.ts'), 'utf8');
    const metrics = readFileSync(path.resolve(__dirname, '../../../src/adapters/metrics.ts'), 'utf8');
    const policies = loadPolicies(DIR);
    assert.ok(policies.length >= 6);
    for (const p of policies) {
      assert.ok(p.displayName && p.combiner && p.conditions.length, p.displayName);
      for (const c of p.conditions) {
        if (c.conditionThreshold) {
          const m = /metric\.type="workload\.googleapis\.com\/([a-z_]+)"/.exec(c.conditionThreshold.filter);
          assert.ok(m, `${p.displayName}: a threshold on an exported metric`);
          assert.ok(metrics.includes(`'${m[1]}'`), `${p.displayName}: the code exports no ${m[1]}`);
          assert.ok(c.conditionThreshold.thresholdValue > 0 && /^\d+s$/.test(c.conditionThreshold.duration), p.displayName);
          continue;
        }
        const events = [...(c.conditionMatchedLog?.filter ?? '').matchAll(/jsonPayload\.event="([^"]+)"/g)].map((m) => m[1]!);
        assert.ok(events.length, `${p.displayName}: a log-match condition on jsonPayload.event`);
        for (const e of events) assert.ok(logs.includes(`event: '${e}'`), `${p.displayName}: nothing logs ${e}`);
        assert.ok(p.alertStrategy?.notificationRateLimit, `${p.displayName}: log-match policies need a notification rate limit`);
      }
    }
  });

  it('the push latency policy alerts at the TDD\'s 200 ms p99 on stock_push_commit_seconds', () => {
    const p = loadPolicies(DIR).find((x) => x.displayName.includes('push -> commit'))!;
    const t = p.conditions[0]!.conditionThreshold!;
    assert.equal(t.thresholdValue, 0.2);
    assert.equal((t.aggregations![0] as { crossSeriesReducer: string }).crossSeriesReducer, 'REDUCE_PERCENTILE_99');
    assert.match(t.filter, /stock_push_commit_seconds/);
  });

  it('creates what is missing, patches what differs, leaves the rest; a second run changes nothing', async () => {
    const api = monitoringStandIn();
    await new Promise<void>((r) => api.server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    try {
      const policies = loadPolicies(DIR);
      const o = { accessToken: async () => 'token-1', endpoint, notificationChannels: ['projects/demo-p/notificationChannels/7'] };
      const first = await applyPolicies('demo-p', policies, o);
      assert.equal(first.changed.length, policies.length);
      assert.equal(api.store.size, policies.length);
      assert.ok([...api.store.values()].every((p) => p.notificationChannels?.[0] === 'projects/demo-p/notificationChannels/7'));
      const second = await applyPolicies('demo-p', policies, o);
      assert.deepEqual([second.changed, second.unchanged.length], [[], policies.length]);
      const edited = policies.map((p, i) => (i === 0 ? { ...p, severity: 'CRITICAL' } : p));
      const third = await applyPolicies('demo-p', edited, o);
      assert.deepEqual(third.changed, [`alert policy "${policies[0]!.displayName}": updated`]);
      assert.ok(api.calls.some((c) => c.startsWith('PATCH /v3/projects/demo-p/alertPolicies/')));
    } finally {
      api.server.close();
    }
  });

  it('the event bus: backlog, oldest unacked age and dead-letter growth for every subscription, applied idempotently', async () => {
    const subs = [
      { subscription: 'eventarc-us-central1-oninventoryevent-123-sub-456', topic: 'inventory-events' },
      { subscription: 'eventarc-us-central1-applyingestjob-789-sub-12', topic: 'inventory-ingest' },
    ];
    const policies = busPolicies(path.join(DIR, 'bus'), subs);
    assert.equal(policies.length, 6);
    const metrics = new Set<string>();
    for (const p of policies) {
      const f = p.conditions[0]!.conditionThreshold!.filter;
      const sub = subs.find((s) => p.displayName.includes(s.subscription))!;
      assert.ok(sub, p.displayName);
      assert.ok(f.includes(`resource.label.subscription_id="${sub.subscription}"`), f);
      assert.ok(p.documentation!.content.includes(`\`${sub.topic}\``), 'the documentation names the topic');
      metrics.add(/metric\.type="pubsub\.googleapis\.com\/subscription\/([a-z_]+)"/.exec(f)![1]!);
      assert.ok(!JSON.stringify(p).includes('{{'), 'every placeholder filled');
    }
    assert.deepEqual([...metrics].sort(), ['dead_letter_message_count', 'num_undelivered_messages', 'oldest_unacked_message_age']);
    assert.throws(() => busPolicies(path.join(DIR, 'bus'), [{ subscription: 'a" OR 1=1', topic: 't' }]), /not a Pub\/Sub resource id/);

    const api = monitoringStandIn();
    await new Promise<void>((r) => api.server.listen(0, '127.0.0.1', r));
    try {
      const o = { accessToken: async () => 'token-1', endpoint: `http://127.0.0.1:${(api.server.address() as AddressInfo).port}` };
      assert.equal((await applyPolicies('demo-p', policies, o)).changed.length, 6);
      assert.deepEqual((await applyPolicies('demo-p', policies, o)).changed, []);
    } finally {
      api.server.close();
    }
  });
});
