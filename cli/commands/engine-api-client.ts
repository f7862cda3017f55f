/** The options of every command that talks to a running engine over its HTTP API. */
export const ENGINE_API_OPTIONS = { url: { type: 'string' }, key: { type: 'string' } } as const;

export const ENGINE_API_USAGE = `--url: the engine's API (default $PLEXUS_URL, else http://127.0.0.1:8080); --key: an API
key (default $PLEXUS_API_KEY, which keeps the key out of the process list).`;

/** The API answered with an error: its Google error message and HTTP status. */
export class EngineApiError extends Error {
  override readonly name = 'EngineApiError';

  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface EngineApiClient {
  get(path: string, query?: Record<string, string>): Promise<Record<string, unknown>>;
  post(path: string, body?: unknown): Promise<Record<string, unknown>>;
}

/**
 * A client of a running engine's `/v1/` API. Commands go through the API rather than the
 * database so that the caller's permissions apply and what they do is audited.
 */
export function connectEngineApi(options: { url?: string; key?: string }): EngineApiClient {
  const base = (options.url ?? process.env.PLEXUS_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const key = options.key ?? process.env.PLEXUS_API_KEY;
  const call = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}/v1/${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw new EngineApiError(res.status, (json.error as { message?: string } | undefined)?.message ?? `HTTP ${res.status}`);
    return json;
  };
  return {
    get: (path, query = {}) => call('GET', Object.keys(query).length ? `${path}?${new URLSearchParams(query)}` : path),
    post: (path, body) => call('POST', path, body),
  };
}
