/**
 * Feature flags from the Remote Config server template. The template is cached for `ttlMs`; if
 * it cannot be loaded (no network, no template published, the emulator), the built-in defaults
 * answer, so a Remote Config outage never changes behaviour by itself.
 */
import type { ServerTemplate } from 'firebase-admin/remote-config';
import { FEATURE_SYNC_ENABLED } from '../config';
import * as logs from '../logs';
import { adminApp } from './firebase';

export interface FeatureFlags {
  isEnabled(flag: string): Promise<boolean>;
}

export const BUILT_IN_DEFAULTS: Record<string, boolean> = {
  [FEATURE_SYNC_ENABLED]: true,
};

export class RemoteConfigFlags implements FeatureFlags {
  private cached: { template: ServerTemplate | null; at: number } | null = null;

  constructor(
    private readonly loadTemplate: () => Promise<ServerTemplate>,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async isEnabled(flag: string): Promise<boolean> {
    const fallback = BUILT_IN_DEFAULTS[flag] ?? false;
    const template = await this.template();
    if (!template) return fallback;
    try {
      const value = template.evaluate().getValue(flag);
      return value.getSource() === 'static' ? fallback : value.asBoolean();
    } catch (err) {
      logs.flagEvaluationFailed(flag, err);
      return fallback;
    }
  }

  private async template(): Promise<ServerTemplate | null> {
    if (this.cached && this.now() - this.cached.at < this.ttlMs) return this.cached.template;
    let template: ServerTemplate | null = null;
    try {
      template = await this.loadTemplate();
    } catch (err) {
      logs.flagTemplateUnavailable(err);
      // Keep serving the last good template, if any, rather than flipping to defaults.
      template = this.cached?.template ?? null;
    }
    this.cached = { template, at: this.now() };
    return template;
  }
}

/** Flags served from the project's published server template. */
export async function remoteConfigFlags(local: { emulator: boolean; templateFile: string | null }): Promise<FeatureFlags> {
  const { getRemoteConfig } = await import('firebase-admin/remote-config');
  const defaultConfig = Object.fromEntries(Object.entries(BUILT_IN_DEFAULTS).map(([k, v]) => [k, String(v)]));
  if (local.emulator) {
    // Remote Config has no emulator: locally the template is the checked-in fixture, if any.
    // (Relative to the functions directory, the emulator's working directory.) Read again every
    // 2 s: a flip with `npm run flag` takes effect at once, as a publish does in production.
    const { readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const file = local.templateFile;
    return new RemoteConfigFlags(async () => {
      if (!file) throw new Error('no local Remote Config template (REMOTE_CONFIG_TEMPLATE_FILE); using built-in defaults');
      return getRemoteConfig(adminApp()).initServerTemplate({ defaultConfig, template: await readFile(path.resolve(file), 'utf8') });
    }, 2_000);
  }
  return new RemoteConfigFlags(() => getRemoteConfig(adminApp()).getServerTemplate({ defaultConfig }));
}
