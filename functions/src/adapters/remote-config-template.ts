/**
 * The Remote Config server template as a document: read a flag, set a flag. The emulators use a
 * local file (Remote Config has no emulator); a real project goes through the REST API
 * (`namespaces/firebase-server`, the server template), with the etag so a concurrent edit is
 * never overwritten.
 */
import { readFile, writeFile } from 'node:fs/promises';

export interface ServerTemplateData {
  conditions?: unknown[];
  parameters: Record<string, { defaultValue?: { value?: string }; valueType?: string; description?: string; conditionalValues?: Record<string, unknown> }>;
  etag?: string;
  version?: Record<string, unknown>;
}

export function flagValue(t: ServerTemplateData, flag: string): boolean | null {
  const v = t.parameters[flag]?.defaultValue?.value;
  return v === undefined ? null : v === 'true';
}

export function withFlag(t: ServerTemplateData, flag: string, on: boolean): ServerTemplateData {
  const p = t.parameters[flag] ?? { valueType: 'BOOLEAN' };
  return { ...t, parameters: { ...t.parameters, [flag]: { ...p, valueType: 'BOOLEAN', defaultValue: { value: String(on) } } } };
}

export interface TemplateStore {
  read(): Promise<ServerTemplateData>;
  write(t: ServerTemplateData): Promise<void>;
}

export class FileTemplateStore implements TemplateStore {
  constructor(private readonly file: string) {}

  async read(): Promise<ServerTemplateData> {
    return JSON.parse(await readFile(this.file, 'utf8')) as ServerTemplateData;
  }

  async write(t: ServerTemplateData): Promise<void> {
    await writeFile(this.file, JSON.stringify(t, null, 2) + '\n');
  }
}

export class RestTemplateStore implements TemplateStore {
  private etag = '*';

  constructor(
    private readonly projectId: string,
    private readonly accessToken: () => Promise<string>,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  private get url(): string {
    return `https://firebaseremoteconfig.googleapis.com/v1/projects/${this.projectId}/namespaces/firebase-server/remoteConfig`;
  }

  async read(): Promise<ServerTemplateData> {
    const res = await this.fetchImpl(this.url, { headers: { authorization: `Bearer ${await this.accessToken()}` } });
    if (!res.ok) throw new Error(`Remote Config read: ${res.status} ${await res.text()}`);
    this.etag = res.headers.get('etag') ?? '*';
    return (await res.json()) as ServerTemplateData;
  }

  async write(t: ServerTemplateData): Promise<void> {
    const { etag: _etag, version: _version, ...body } = t;
    const res = await this.fetchImpl(this.url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await this.accessToken()}`, 'content-type': 'application/json; UTF-8', 'if-match': this.etag },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`Remote Config publish: ${res.status} ${await res.text()}`);
  }
}
