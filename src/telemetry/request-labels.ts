import type { FastifyContextConfig } from 'fastify';
import { dialectOperationName } from '../dialects/shared/operations.js';

/**
 * The labels of a request's metrics and the fields of its log line that come from its route:
 * the same for every request of the route, so computed once per route and kept. Never from
 * the request's own data (its path, query or caller), so no organization or number gets in.
 */
export interface RequestLabels {
  /** The route's template (/v1/phone-numbers/:id), or `unmatched` for a path no route serves. */
  readonly route: string;
  /** `native`, a provider surface's name (telnyx, twilio, ...), or `other` (probes, docs, /metrics). */
  readonly surface: string;
  /** The operation's stable name (numbers.lookup, telnyx.phone_numbers.list), or `none`. */
  readonly operation: string;
}

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';

const STATUS_CLASSES: readonly StatusClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx'];

/** 404 → 4xx. A status outside 100–599 (none Fastify sends) counts as 5xx. */
export function statusClassOf(status: number): StatusClass {
  return STATUS_CLASSES[Math.trunc(status / 100) - 1] ?? '5xx';
}

type RouteConfig = FastifyContextConfig & { url?: string };

/**
 * The labels of a route, from what its declaration left in its config: a native operation's
 * name (config.operation), a dialect route's surface and operation (config.surface,
 * config.dialectOperation).
 */
export function requestLabelsOf(config: RouteConfig | undefined): RequestLabels {
  const route = config?.url;
  if (!config || !route) return { route: 'unmatched', surface: 'other', operation: 'none' };
  if (config.operation) return { route, surface: 'native', operation: config.operation.name };
  if (config.surface && config.dialectOperation) {
    return { route, surface: config.surface, operation: dialectOperationName({ name: config.surface }, config.dialectOperation) };
  }
  return { route, surface: 'other', operation: 'none' };
}

/** Each route's labels, computed at its first request. Keyed by the route's config object, which Fastify keeps per route. */
export function routeLabelCache(): (config: RouteConfig | undefined) => RequestLabels {
  const cache = new WeakMap<object, RequestLabels>();
  return (config) => {
    if (!config) return requestLabelsOf(config);
    let labels = cache.get(config);
    if (!labels) cache.set(config, (labels = requestLabelsOf(config)));
    return labels;
  };
}
