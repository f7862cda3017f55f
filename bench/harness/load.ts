import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  /** Paths (below the URL's origin) taken in turn, one per request, instead of the URL's own. */
  paths?: string[];
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  durationSec: number;
  concurrency: number;
}

export interface LoadResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** Requests completed. */
  total: number;
}

/** Drive one URL at a fixed concurrency for a fixed time (autocannon, keep-alive connections). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const paths = options.paths;
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    ...(paths && paths.length > 0 ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, path: paths[next++ % paths.length] }) }] } : {}),
    connections: options.concurrency,
    duration: options.durationSec,
  });
  return {
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}
