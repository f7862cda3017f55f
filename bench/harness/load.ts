import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  /** Paths (below the URL's origin) taken in turn, one per request, instead of the URL's own. */
  paths?: string[];
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Bodies taken in turn, one per request (each used once while `amount` <= their number). */
  bodies?: Buffer[];
  durationSec: number;
  /** Stop after this many requests instead of after `durationSec`. */
  amount?: number;
  /** A request unanswered this long counts as an error (autocannon's default: 10 s). */
  timeoutSec?: number;
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

/** Drive one URL at a fixed concurrency for a fixed time or number of requests (autocannon, keep-alive connections). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let nextPath = 0;
  let nextBody = 0;
  const { paths, bodies } = options;
  const perRequest = (paths && paths.length > 0) || (bodies && bodies.length > 0);
  const setupRequest = (request: autocannon.Request) => ({
    ...request,
    ...(paths && paths.length > 0 ? { path: paths[nextPath++ % paths.length] } : {}),
    ...(bodies && bodies.length > 0 ? { body: bodies[nextBody++ % bodies.length] } : {}),
  });
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: options.url,
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
      ...(perRequest ? { requests: [{ setupRequest }] } : {}),
      connections: options.concurrency,
      duration: options.durationSec,
      ...(options.amount ? { amount: options.amount } : {}),
      ...(options.timeoutSec ? { timeout: options.timeoutSec } : {}),
    }, (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)));
    if (options.amount) instance.on('response', () => (lastResponseAt = performance.now()));
  });
  return {
    // autocannon notices that `amount` requests are done at its next one-second tick, and
    // its duration with it: the rate is taken to the last response instead.
    requestsPerSec: options.amount ? result.requests.total / ((lastResponseAt - startedAt) / 1000) : result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}
