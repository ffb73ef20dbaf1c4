import type { RouteOptions } from 'fastify';
import { readProviderSpec } from './provider-specs.js';

/**
 * Which operations of each provider's official OpenAPI document Dialtone serves, worked out
 * from the server's real route table, and the README's tables of them: one per provider, the
 * operations served, and those not served with the reason. test/dialects/provider-coverage.test.ts
 * checks the README against the route table; `npm run docs:coverage` writes it.
 */

/** A provider document, and where Dialtone serves the paths it documents. */
export interface ProviderDocument {
  title: string;
  file: string;
  /** The dialect (src/dialects/registry.ts) whose routes serve it. */
  dialect: string;
  /** Put before a documented path to give the path Dialtone serves it at. */
  base: string;
  /** Why a documented operation is not served: the first reason whose pattern matches `METHOD path` (the path as documented). */
  notServed: ReadonlyArray<{ match: RegExp; reason: string }>;
  /** Fixed words of documented paths that a route's parameter serves (Twilio's number types, one route for all). */
  wordsOfParameters?: readonly string[];
}

const TWILIO_NUMBER_TYPES = ['Local', 'Mobile', 'TollFree', 'National', 'Voip', 'SharedCost', 'MachineToMachine'];

const NOT_BUILT = 'Not built yet.';

export const PROVIDER_DOCUMENTS: readonly ProviderDocument[] = [
  {
    title: 'Telnyx v2',
    file: 'telnyx-phone-numbers.openapi.json',
    dialect: 'telnyx',
    base: '/v2',
    notServed: [
      { match: / \/porting/, reason: 'Porting numbers in from another carrier is not part of Dialtone: it has no porting orders to serve.' },
      {
        match: /requirement_group|regulatory_requirements|bundle_status_change/,
        reason: 'Regulatory requirements and bundles are not modelled: Dialtone keeps no identity documents.',
      },
      { match: / \/(available_phone_number_blocks|number_block_orders)/, reason: 'Dialtone searches and orders single numbers; blocks of consecutive numbers are not modelled.' },
      { match: / \/sub_number_orders/, reason: 'A Dialtone order is not split into sub-orders by country and type: its numbers are listed on the order itself.' },
      { match: /\/voicemail$/, reason: 'Dialtone routes a number’s calls to a handler and keeps no voicemail boxes.' },
      { match: /./, reason: NOT_BUILT },
    ],
  },
  {
    title: 'Twilio 2010-04-01',
    file: 'twilio-api-v2010-phone-numbers.openapi.json',
    dialect: 'twilio',
    base: '',
    wordsOfParameters: TWILIO_NUMBER_TYPES,
    notServed: [
      { match: /AssignedAddOns/, reason: 'Marketplace add-ons are Twilio’s own products; Dialtone has none to assign.' },
      { match: /./, reason: NOT_BUILT },
    ],
  },
  {
    title: 'SignalWire compatibility (LaML)',
    file: 'signalwire-compatibility-phone-numbers.openapi.json',
    dialect: 'signalwire-laml',
    base: '/api/laml/2010-04-01',
    wordsOfParameters: TWILIO_NUMBER_TYPES,
    notServed: [{ match: /./, reason: NOT_BUILT }],
  },
  {
    title: 'SignalWire Relay REST',
    file: 'signalwire-relay-phone-numbers.openapi.json',
    dialect: 'signalwire-relay',
    base: '',
    notServed: [{ match: /./, reason: NOT_BUILT }],
  },
];

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export interface DocumentedOperation {
  method: string;
  /** The path as Dialtone serves it: the document's path after the base. */
  path: string;
  operationId: string;
}

/** The document's operations, in its order. */
export function documentedOperations(document: ProviderDocument): DocumentedOperation[] {
  const spec = readProviderSpec(document.file) as { paths: Record<string, Record<string, { operationId?: string }>> };
  const operations: DocumentedOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) operations.push({ method: method.toUpperCase(), path: document.base + path, operationId: operation.operationId ?? '' });
    }
  }
  return operations;
}

/** A path's segments, without a `.json` ending. */
const segmentsOf = (path: string) => path.replace(/\.json$/, '').split('/');
const isParameter = (segment: string) => segment.startsWith(':') || /^\{[^}]+\}$/.test(segment);

/**
 * Whether a route serves a documented path: segment by segment, a fixed word of the route must
 * be the document's, and a parameter of the route takes the document's parameter, or one of
 * the fixed words the document says a parameter serves (`Local` for `:Type`).
 */
function routeServes(routeUrl: string, documentedPath: string, wordsOfParameters: readonly string[]): boolean {
  const route = segmentsOf(routeUrl);
  const documented = segmentsOf(documentedPath);
  return (
    route.length === documented.length &&
    route.every((segment, i) => (isParameter(segment) ? isParameter(documented[i]!) || wordsOfParameters.includes(documented[i]!) : segment === documented[i]))
  );
}

/** The method and url of every route a dialect serves. */
export function dialectRoutes(routeTable: readonly RouteOptions[], dialect: string): Array<{ method: string; url: string }> {
  return routeTable
    .filter((route) => route.config?.surface === dialect)
    .flatMap((route) => [route.method].flat().map((method) => ({ method, url: route.url })));
}

export interface Coverage {
  document: ProviderDocument;
  served: DocumentedOperation[];
  notServed: Array<{ reason: string; operations: DocumentedOperation[] }>;
  total: number;
}

export function coverageOf(document: ProviderDocument, routeTable: readonly RouteOptions[]): Coverage {
  const routes = dialectRoutes(routeTable, document.dialect);
  const operations = documentedOperations(document);
  const served = operations.filter((operation) => routes.some((route) => route.method === operation.method && routeServes(route.url, operation.path, document.wordsOfParameters ?? [])));
  const byReason = new Map<string, DocumentedOperation[]>();
  for (const operation of operations) {
    if (served.includes(operation)) continue;
    const documented = `${operation.method} ${operation.path.slice(document.base.length)}`;
    const reason = document.notServed.find(({ match }) => match.test(documented))?.reason ?? NOT_BUILT;
    byReason.set(reason, [...(byReason.get(reason) ?? []), operation]);
  }
  return { document, served, notServed: [...byReason].map(([reason, list]) => ({ reason, operations: list })), total: operations.length };
}

const code = (operation: DocumentedOperation) => `\`${operation.method} ${operation.path}\``;

/** One provider's part of the README: a summary line, then the operations served and those not. */
export function renderCoverage(coverage: Coverage): string {
  const { document, served, notServed, total } = coverage;
  const lines = [
    `#### ${document.title}: ${served.length} of the ${total} operations of the official document`,
    '',
    '<details><summary>Operations served and not served</summary>',
    '',
    '| Served | Operation |',
    '| --- | --- |',
    ...served.map((operation) => `| ${code(operation)} | ${operation.operationId} |`),
    '',
    '| Not served | Why |',
    '| --- | --- |',
    ...notServed.map(({ reason, operations }) => `| ${operations.map(code).join('<br>')} | ${reason} |`),
    '',
    '</details>',
  ];
  return lines.join('\n');
}

export const BEGIN = '<!-- provider coverage: written by npm run docs:coverage -->';
export const END = '<!-- end of provider coverage -->';

/** Every provider's part, between the markers. */
export function renderAll(routeTable: readonly RouteOptions[]): string {
  return [BEGIN, '', ...PROVIDER_DOCUMENTS.map((document) => renderCoverage(coverageOf(document, routeTable)) + '\n'), END].join('\n');
}

/** The README's part between the markers (them included), or undefined when it has none. */
export function readmePart(readme: string): string | undefined {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  return start >= 0 && end > start ? readme.slice(start, end + END.length) : undefined;
}
