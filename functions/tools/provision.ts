/**
 * `npm run provision [-- --project <id>]`: Pub/Sub retention, dead-letter topics and policies
 * (src/adapters/pubsub-provision.ts), alert policies, and the bucket's lifecycle for vendors' files
 * (src/adapters/storage-provision.ts; `--bucket <name>`, default `<project>.firebasestorage.app`). Locally (a demo- project) against the emulator of `npm start`.
 */
import { PubSub } from '@google-cloud/pubsub';
import { isLocal, projectId } from './cli-env';
import path from 'node:path';
import { applicationDefault } from 'firebase-admin/app';
import { consumerSubscriptions, provision } from '../src/adapters/pubsub-provision';
import { applyPolicies, busPolicies, loadPolicies } from '../src/adapters/monitoring-policies';
import { applySlos, burnRatePolicies } from '../src/adapters/slo-provision';
import { SLOS } from '../src/domain/slo';
import { provisionDropRetention } from '../src/adapters/storage-provision';
import { getStorage } from 'firebase-admin/storage';
import { initializeApp } from 'firebase-admin/app';
import { arg } from './cli-env';

async function main() {
  const project = projectId();
  if (isLocal()) process.env.PUBSUB_EMULATOR_HOST ??= '127.0.0.1:8085';
  const pubsub = new PubSub({ projectId: project });
  const report = await provision(pubsub, project);
  // Cloud Monitoring has no emulator: alert policies are applied to real projects only. The bus's
  // policies are one set per consumer subscription (created by deploy; run this after each deploy).
  const policies = [
    ...loadPolicies(path.resolve(__dirname, '../../ops/alert-policies')),
    ...busPolicies(path.resolve(__dirname, '../../ops/alert-policies/bus'), await consumerSubscriptions(pubsub)),
    ...SLOS.flatMap((d) => burnRatePolicies(project, d)),
  ];
  if (isLocal()) report.unchanged.push(`SLOs (${SLOS.length}) and alert policies (${policies.length}): skipped locally, no Cloud Monitoring emulator (GET /v1/slos computes the SLOs from the stored metrics)`);
  else {
    const channel = arg('notification-channel');
    // The SLOs first: the burn-rate policies select them by name.
    const slos = await applySlos(project, { accessToken: async () => (await applicationDefault().getAccessToken()).access_token });
    report.changed.push(...slos.changed);
    report.unchanged.push(...slos.unchanged);
    const r = await applyPolicies(project, policies, { accessToken: async () => (await applicationDefault().getAccessToken()).access_token, ...(channel ? { notificationChannels: [channel] } : {}) });
    report.changed.push(...r.changed);
    report.unchanged.push(...r.unchanged);
  }
  // The bucket's lifecycle for vendors' files: Cloud Storage has no emulator that starts here.
  if (isLocal()) report.unchanged.push('bucket lifecycle for vendor files: skipped locally, no Storage emulator');
  else {
    const bucket = getStorage(initializeApp({ projectId: project, storageBucket: arg('bucket') ?? `${project}.firebasestorage.app` })).bucket();
    const r = await provisionDropRetention(bucket as never);
    (r.changed ? report.changed : report.unchanged).push(r.what);
  }
  for (const c of report.changed) console.log(`changed   ${c}`);
  for (const u of report.unchanged) console.log(`unchanged ${u}`);
  console.log(`${project}: ${report.changed.length} changed, ${report.unchanged.length} already as wanted`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
