/**
 * `npm run flag -- on|off|status [--project <id>]`: the sync's feature flag
 * (`feature_fe_inventory_sync_fl_catalog_enabled`). Locally (a demo- project) it edits the
 * emulators' server template (`.emulators/remoteconfig.template.json`, read by the functions every
 * 2 s); with a real project it publishes the project's Remote Config server template.
 */
import path from 'node:path';
import { existsSync, copyFileSync, mkdirSync } from 'node:fs';
import { applicationDefault } from 'firebase-admin/app';
import { isLocal, projectId } from './cli-env';
import { FEATURE_SYNC_ENABLED } from '../src/config';
import { FileTemplateStore, flagValue, RestTemplateStore, TemplateStore, withFlag } from '../src/adapters/remote-config-template';

export function localTemplateFile(): string {
  const root = path.resolve(__dirname, '../..');
  const file = path.join(root, '.emulators', 'remoteconfig.template.json');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    copyFileSync(path.join(root, 'remoteconfig.template.json'), file);
  }
  return file;
}

async function main() {
  const verb = process.argv[2];
  if (!['on', 'off', 'status'].includes(verb ?? '')) {
    console.error('usage: npm run flag -- on|off|status [--project <id>]');
    process.exit(2);
  }
  const project = projectId();
  const store: TemplateStore = isLocal()
    ? new FileTemplateStore(localTemplateFile())
    : new RestTemplateStore(project, async () => (await applicationDefault().getAccessToken()).access_token);
  const template = await store.read();
  if (verb !== 'status') await store.write(withFlag(template, FEATURE_SYNC_ENABLED, verb === 'on'));
  const now = verb === 'status' ? flagValue(template, FEATURE_SYNC_ENABLED) : verb === 'on';
  console.log(`${project}: ${FEATURE_SYNC_ENABLED} = ${now === null ? 'unset (built-in default: on)' : now ? 'on' : 'off'}`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
