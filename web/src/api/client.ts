import createClient from 'openapi-fetch';
import type { operations, paths } from './openapi';

/** The typed client of Dialtone's public API, with the signed-in key on every request. */
export type Api = ReturnType<typeof createClient<paths>>;

type Ok<O extends keyof operations, S extends number = 200> = operations[O]['responses'] extends Record<S, { content: { 'application/json': infer T } }>
  ? T
  : never;

export type PhoneNumber = Ok<'numbers.get'>;
export type NumbersPage = Ok<'numbers.list'>;
export type NumbersQuery = NonNullable<operations['numbers.list']['parameters']['query']>;
export type NumberChanges = NonNullable<operations['numbers.update']['requestBody']>['content']['application/json'];
export type ApiEvent = Ok<'events.list'>['data'][number];
export type AuditRecord = Ok<'audit_log.list'>['data'][number];
export type CurrentKey = Ok<'api_keys.current'>;
export type Scope = CurrentKey['scopes'][number];
export type Organization = Ok<'orgs.get'>;
export type OrganizationApiKey = Ok<'api_keys.list'>['data'][number];
export type NewApiKey = Ok<'api_keys.create', 201>;
export type AdminAuditQuery = NonNullable<operations['audit_log.list_all']['parameters']['query']>;

/** An error answer of the API (application/problem+json), or the network failing. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  code?: string;
  request_id?: string;
  /** The body field at fault (an RFC 6901 pointer, e.g. /voice/url), or the query parameter. */
  pointer?: string;
  parameter?: string;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

export function apiClient(key: string): Api {
  const client = createClient<paths>({ baseUrl: window.location.origin });
  client.use({
    onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${key}`);
      return request;
    },
  });
  return client;
}

/** The body of a successful answer; an error answer, or no answer, becomes an ApiError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError({ status: 0, title: 'Dialtone did not answer', detail: 'Check that the server is running, then try again.' });
  }
  if (result.response.ok) return result.data as T;
  const body = (result.error ?? {}) as Partial<Problem>;
  throw new ApiError({
    status: result.response.status,
    title: body.title ?? result.response.statusText,
    ...(body.detail ? { detail: body.detail } : {}),
    ...(body.code ? { code: body.code } : {}),
    ...(body.request_id ? { request_id: body.request_id } : {}),
    ...(body.pointer ? { pointer: body.pointer } : {}),
    ...(body.parameter ? { parameter: body.parameter } : {}),
  });
}
