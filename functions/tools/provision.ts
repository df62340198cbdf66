/**
 * `npm run provision [-- --project <id>]`: Pub/Sub retention, dead-letter topics and policies
 * (src/adapters/pubsub-provision.ts). Locally (a demo- project) against the emulator of `npm start`.
 */
import { PubSub } from '@google-cloud/pubsub';
import { isLocal, projectId } from './cli-env';
import path from 'node:path';
import { applicationDefault } from 'firebase-admin/app';
import { provision } from '../src/adapters/pubsub-provision';
import { applyPolicies, loadPolicies } from '../src/adapters/monitoring-policies';
import { arg } from './cli-env';

async function main() {
  const project = projectId();
  if (isLocal()) process.env.PUBSUB_EMULATOR_HOST ??= '127.0.0.1:8085';
  const report = await provision(new PubSub({ projectId: project }), project);
  // Cloud Monitoring has no emulator: alert policies are applied to real projects only.
  const policies = loadPolicies(path.resolve(__dirname, '../../ops/alert-policies'));
  if (isLocal()) report.unchanged.push(`alert policies (${policies.length}): skipped locally, no Cloud Monitoring emulator`);
  else {
    const channel = arg('notification-channel');
    const r = await applyPolicies(project, policies, { accessToken: async () => (await applicationDefault().getAccessToken()).access_token, ...(channel ? { notificationChannels: [channel] } : {}) });
    report.changed.push(...r.changed);
    report.unchanged.push(...r.unchanged);
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
