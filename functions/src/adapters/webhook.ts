/** Posting JSON to a webhook with a deadline; anything but a 2xx is an error (and retried by the caller). */
export async function postJson(url: string, body: unknown, timeoutMs = 10_000, fetchImpl: typeof fetch = fetch): Promise<void> {
  const res = await fetchImpl(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
}
