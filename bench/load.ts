import autocannon from 'autocannon';

/** One request of a scenario; a connection sends them in order and starts over. */
export interface BenchRequest {
  method: 'GET' | 'PATCH';
  path: string;
  body?: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  /** Connection errors, timeouts and answers other than 2xx. */
  errors: number;
}

export interface LoadOptions {
  baseUrl: string;
  key: string;
  requests: BenchRequest[];
  connections: number;
  seconds: number;
}

/** Drives the server with autocannon for a fixed time, on loopback. */
export async function drive(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
    requests: options.requests.map((r) => ({ method: r.method, path: r.path, ...(r.body ? { body: r.body } : {}) })),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    errors: result.errors + result.non2xx,
  };
}

/**
 * Drives several servers at once, the connections split evenly between them (the load a
 * balancer spreading connections would give): requests per second and counts are summed; each
 * latency figure is the worse of the servers' (percentiles of separate runs cannot be merged).
 */
export async function driveAll(baseUrls: string[], options: Omit<LoadOptions, 'baseUrl'>): Promise<LoadResult> {
  if (baseUrls.length === 1) return drive({ ...options, baseUrl: baseUrls[0]! });
  const share = (i: number) => Math.floor(options.connections / baseUrls.length) + (i < options.connections % baseUrls.length ? 1 : 0);
  const results = await Promise.all(baseUrls.map((baseUrl, i) => drive({ ...options, baseUrl, connections: Math.max(1, share(i)) })));
  const sum = (pick: (r: LoadResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  const worst = (pick: (r: LoadResult) => number) => Math.max(...results.map(pick));
  return {
    requestsPerSecond: sum((r) => r.requestsPerSecond),
    p50: worst((r) => r.p50),
    p90: worst((r) => r.p90),
    p99: worst((r) => r.p99),
    max: worst((r) => r.max),
    requests: sum((r) => r.requests),
    errors: sum((r) => r.errors),
  };
}
