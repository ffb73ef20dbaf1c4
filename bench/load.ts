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
