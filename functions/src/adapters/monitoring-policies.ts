/**
 * Cloud Monitoring alert policies as code (`ops/alert-policies/*.json`: log-match conditions on
 * the events the code logs, and metric thresholds on the metrics it exports), applied by
 * `npm run provision -- --project <id>`: a policy is found by its display name, created when
 * missing, patched when it differs, left alone when it is as written. Through the Monitoring v3
 * REST API (there is no emulator: locally the command skips this step).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface AlertPolicy {
  displayName: string;
  documentation?: { content: string; mimeType: string };
  severity?: string;
  combiner: string;
  conditions: { displayName: string; conditionMatchedLog?: { filter: string }; conditionThreshold?: MetricThreshold }[];
  alertStrategy?: Record<string, unknown>;
  enabled?: boolean;
  notificationChannels?: string[];
}

/** A metric condition: a metric the code exports (through OpenTelemetry, `workload.googleapis.com/<name>`) over a threshold. */
export interface MetricThreshold {
  filter: string;
  aggregations?: Record<string, unknown>[];
  comparison: string;
  thresholdValue: number;
  duration: string;
  trigger?: { count: number };
}

export function loadPolicies(dir: string): AlertPolicy[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as AlertPolicy);
}

const MANAGED = ['displayName', 'documentation', 'severity', 'combiner', 'conditions', 'alertStrategy', 'enabled', 'notificationChannels'] as const;

function pick(p: Partial<AlertPolicy> & Record<string, unknown>): Record<string, unknown> {
  const conditions = (p.conditions ?? []).map((c) => ({ displayName: c.displayName, conditionMatchedLog: c.conditionMatchedLog, conditionThreshold: c.conditionThreshold }));
  return Object.fromEntries(MANAGED.map((k) => [k, k === 'conditions' ? conditions : (p as Record<string, unknown>)[k] ?? null]));
}

export async function applyPolicies(
  projectId: string,
  policies: AlertPolicy[],
  o: { accessToken: () => Promise<string>; notificationChannels?: string[]; endpoint?: string; fetchImpl?: typeof fetch },
): Promise<{ changed: string[]; unchanged: string[] }> {
  const base = `${o.endpoint ?? 'https://monitoring.googleapis.com'}/v3/projects/${projectId}/alertPolicies`;
  const f = o.fetchImpl ?? fetch;
  const headers = async () => ({ authorization: `Bearer ${await o.accessToken()}`, 'content-type': 'application/json' });
  const call = async (url: string, init: RequestInit = {}) => {
    const res = await f(url, { ...init, headers: await headers() });
    if (!res.ok) throw new Error(`Cloud Monitoring ${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const out = { changed: [] as string[], unchanged: [] as string[] };
  for (const p of policies) {
    const wanted: AlertPolicy = { ...p, ...(o.notificationChannels?.length ? { notificationChannels: o.notificationChannels } : {}) };
    const found = (await call(`${base}?filter=${encodeURIComponent(`display_name = "${p.displayName}"`)}`)).alertPolicies as (AlertPolicy & { name: string })[] | undefined;
    const existing = found?.[0];
    if (!existing) {
      await call(base, { method: 'POST', body: JSON.stringify(wanted) });
      out.changed.push(`alert policy "${p.displayName}": created`);
    } else if (JSON.stringify(pick(existing as never)) !== JSON.stringify(pick(wanted as never))) {
      const mask = MANAGED.filter((k) => k in wanted).join(',');
      await call(`${o.endpoint ?? 'https://monitoring.googleapis.com'}/v3/${existing.name}?updateMask=${mask}`, { method: 'PATCH', body: JSON.stringify(wanted) });
      out.changed.push(`alert policy "${p.displayName}": updated`);
    } else out.unchanged.push(`alert policy "${p.displayName}"`);
  }
  return out;
}

/** A subscription the bus policies watch, and its topic. */
export interface WatchedSubscription {
  subscription: string;
  topic: string;
}

/**
 * The event bus's policies (`ops/alert-policies/bus/*.json`: backlog, oldest unacked age, dead
 * letters), one set per subscription of the product's topics. The subscriptions are the ones
 * deploy created for the consumer functions, so their ids are known only then: provisioning
 * lists them and fills `{{subscription}}` and `{{topic}}` in each template.
 */
export function busPolicies(dir: string, subscriptions: readonly WatchedSubscription[]): AlertPolicy[] {
  const templates = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
  return subscriptions.flatMap((s) =>
    templates.map((t) => JSON.parse(t.replaceAll('{{subscription}}', jsonText(s.subscription)).replaceAll('{{topic}}', jsonText(s.topic))) as AlertPolicy),
  );
}

/** A value as it may stand inside a JSON string (and a Monitoring filter's quotes). */
function jsonText(v: string): string {
  if (!/^[A-Za-z0-9._~%+-]+$/.test(v)) throw new Error(`not a Pub/Sub resource id: ${v}`);
  return v;
}
