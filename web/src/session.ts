import { ApiError, apiClient, unwrap, type Api, type CurrentKey, type Scope } from './api/client';

/**
 * Who is signed in: an API key of an organization, or the server's operator token. The
 * credential is kept for this browser tab's session only (sessionStorage, gone when the tab
 * closes; never in a URL or in localStorage). Which kind it is, the API says: the console
 * never guesses it from the string.
 */
export interface Session {
  api: Api;
  key: CurrentKey;
}

/** The operator, signed in with the server's DIALTONE_ADMIN_TOKEN: organizations, their keys, every audit record. */
export interface OperatorSession {
  api: Api;
}

export type SignedIn = { kind: 'key'; session: Session } | { kind: 'operator'; operator: OperatorSession };

const STORAGE_KEY = 'dialtone.console.api-key';

export function can(session: Session, scope: Scope): boolean {
  return session.key.scopes.includes(scope);
}

const unknownCredential = (error: unknown) => error instanceof ApiError && error.problem.status === 401;

/**
 * Asks the API who the credential is: an API key answers GET /v1/api-keys/current; a credential
 * no key matches may be the operator token, which the operator's own list accepts. Keeps the
 * credential for the tab's session when one of them takes it; otherwise the key's refusal stands.
 */
export async function signIn(credential: string): Promise<SignedIn> {
  const api = apiClient(credential);
  let refusal: unknown;
  try {
    const key = await unwrap(api.GET('/v1/api-keys/current'));
    sessionStorage.setItem(STORAGE_KEY, credential);
    return { kind: 'key', session: { api, key } };
  } catch (error) {
    if (!unknownCredential(error)) throw error;
    refusal = error;
  }
  try {
    await unwrap(api.GET('/v1/organizations', { params: { query: { limit: 1 } } }));
  } catch (error) {
    // 401: not the operator token either; 403: this server has no operator token at all.
    const notOperator = unknownCredential(error) || (error instanceof ApiError && error.problem.status === 403);
    throw notOperator ? refusal : error;
  }
  sessionStorage.setItem(STORAGE_KEY, credential);
  return { kind: 'operator', operator: { api } };
}

/** The credential this tab signed in with, if any. */
export function storedKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
