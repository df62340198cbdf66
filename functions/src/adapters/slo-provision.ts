/**
 * The SLOs (domain/slo.ts) in Cloud Monitoring: a custom service `inventory-sync`, one
 * ServiceLevelObjective per definition over the metrics the code exports (through OpenTelemetry,
 * `workload.googleapis.com/<name>`), and per SLO a fast- and a slow-burn alert policy on
 * `select_slo_burn_rate`. Applied by `npm run provision -- --project <id>` through the Monitoring
 * v3 REST API, idempotently: what exists as written is left alone, what differs is patched.
 */
import { AlertPolicy } from './monitoring-policies';
import { BURN_ALERTS, LabelMatch, SloDefinition, SLOS } from '../domain/slo';

export const SERVICE_ID = 'inventory-sync';

const metricFilter = (metric: string, labels: LabelMatch) =>
  [
    `metric.type="workload.googleapis.com/${metric}"`,
    'resource.type="generic_node"',
    ...Object.entries(labels).map(([k, v]) => (v.length === 1 ? `metric.label.${k}="${v[0]}"` : `metric.label.${k}=one_of(${v.map((x) => `"${x}"`).join(',')})`)),
  ].join(' AND ');

/** The ServiceLevelObjective resource of a definition. */
export function sloResource(def: SloDefinition): Record<string, unknown> {
  const sli = def.sli;
  const serviceLevelIndicator =
    sli.kind === 'ratio'
      ? { requestBased: { goodTotalRatio: { totalServiceFilter: metricFilter(sli.metric, sli.total), goodServiceFilter: metricFilter(sli.metric, { ...sli.total, ...sli.good }) } } }
      : { requestBased: { distributionCut: { distributionFilter: metricFilter(sli.metric, sli.labels), range: { min: 0, max: sli.thresholdSeconds } } } };
  return { displayName: def.displayName, goal: def.goal, rollingPeriod: `${def.windowDays * 86_400}s`, serviceLevelIndicator };
}

/** The fast- and slow-burn alert policies of a definition. */
export function burnRatePolicies(projectId: string, def: SloDefinition): AlertPolicy[] {
  return BURN_ALERTS.map((b) => ({
    displayName: `inventory-sync SLO ${def.id}: ${b.id} burn (${b.rate}x over ${b.lookbackSeconds / 3600} h)`,
    documentation: {
      content: `${def.displayName}: the error budget burns ${b.rate} times faster than the objective allows over the last ${b.lookbackSeconds / 3600} h (${b.id === 'fast' ? '2% of a 28-day budget in an hour' : '5% of it in 6 hours'}). ${def.meaning} See docs/operations.md, "SLO burn".`,
      mimeType: 'text/markdown',
    },
    severity: b.severity,
    combiner: 'OR',
    conditions: [
      {
        displayName: `burn rate > ${b.rate} over ${b.lookbackSeconds}s`,
        conditionThreshold: {
          filter: `select_slo_burn_rate("projects/${projectId}/services/${SERVICE_ID}/serviceLevelObjectives/${def.id}", "${b.lookbackSeconds}s")`,
          comparison: 'COMPARISON_GT',
          thresholdValue: b.rate,
          duration: '0s',
        },
      },
    ],
    alertStrategy: { autoClose: '1800s' },
    enabled: true,
  }));
}

export async function applySlos(
  projectId: string,
  o: { accessToken: () => Promise<string>; endpoint?: string; fetchImpl?: typeof fetch; slos?: readonly SloDefinition[] },
): Promise<{ changed: string[]; unchanged: string[] }> {
  const base = `${o.endpoint ?? 'https://monitoring.googleapis.com'}/v3/projects/${projectId}/services`;
  const f = o.fetchImpl ?? fetch;
  const call = async (url: string, init: RequestInit = {}): Promise<Record<string, unknown> | null> => {
    const res = await f(url, { ...init, headers: { authorization: `Bearer ${await o.accessToken()}`, 'content-type': 'application/json' } });
    if (res.status === 404 && (init.method ?? 'GET') === 'GET') return null;
    if (!res.ok) throw new Error(`Cloud Monitoring ${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const out = { changed: [] as string[], unchanged: [] as string[] };
  if (!(await call(`${base}/${SERVICE_ID}`))) {
    await call(`${base}?serviceId=${SERVICE_ID}`, { method: 'POST', body: JSON.stringify({ displayName: 'inventory-sync', custom: {} }) });
    out.changed.push(`service ${SERVICE_ID}: created`);
  } else out.unchanged.push(`service ${SERVICE_ID}`);
  for (const def of o.slos ?? SLOS) {
    const wanted = sloResource(def);
    const url = `${base}/${SERVICE_ID}/serviceLevelObjectives`;
    const existing = await call(`${url}/${def.id}`);
    if (!existing) {
      await call(`${url}?serviceLevelObjectiveId=${def.id}`, { method: 'POST', body: JSON.stringify(wanted) });
      out.changed.push(`SLO ${def.id}: created`);
    } else if (Object.keys(wanted).some((k) => JSON.stringify(existing[k]) !== JSON.stringify(wanted[k]))) {
      await call(`${url}/${def.id}?updateMask=${Object.keys(wanted).join(',')}`, { method: 'PATCH', body: JSON.stringify(wanted) });
      out.changed.push(`SLO ${def.id}: updated`);
    } else out.unchanged.push(`SLO ${def.id}`);
  }
  return out;
}
