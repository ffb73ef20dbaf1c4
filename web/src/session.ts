import { apiClient, unwrap, type Api, type CurrentKey, type Scope } from './api/client';

/**
 * Who is signed in: an API key, kept for this browser tab's session only (sessionStorage, gone
 * when the tab closes; never in a URL or in localStorage), and what that key may do.
 */
export interface Session {
  api: Api;
  key: CurrentKey;
}

const STORAGE_KEY = 'dialtone.console.api-key';

export function can(session: Session, scope: Scope): boolean {
  return session.key.scopes.includes(scope);
}

/** Checks the key with the API; keeps it for the tab's session when it is valid. */
export async function signIn(key: string): Promise<Session> {
  const api = apiClient(key);
  const current = await unwrap(api.GET('/v1/api-keys/current'));
  sessionStorage.setItem(STORAGE_KEY, key);
  return { api, key: current };
}

/** The key this tab signed in with, if any. */
export function storedKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
