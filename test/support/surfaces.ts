import { DIALECTS } from '../../src/dialects/registry.js';

/** Who a test is on a surface: an organization, its Twilio-style account sid and an API key. */
export interface SurfaceCaller {
  orgId: string;
  accountSid: string;
  key: string;
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** The credentials each surface's clients present, by dialect name ('native' for /v1). */
export const CREDENTIALS: Record<string, (caller: SurfaceCaller) => Record<string, string>> = {
  native: (c) => ({ authorization: `Bearer ${c.key}` }),
  telnyx: (c) => ({ authorization: `Bearer ${c.key}` }),
  twilio: (c) => ({ authorization: basicAuth(c.accountSid, c.key) }),
  'signalwire-laml': (c) => ({ authorization: basicAuth(c.orgId, c.key) }),
  'signalwire-relay': (c) => ({ authorization: basicAuth(c.orgId, c.key) }),
  butter: (c) => ({ 'x-api-key': c.key, 'x-organization-id': c.orgId }),
  talkover: (c) => ({ authorization: `Bearer ${c.key}` }),
};

/** The surface a path belongs to: the dialect with the longest matching prefix, else native. */
export function surfaceOf(path: string): string {
  let best = { name: 'native', length: 0 };
  for (const dialect of DIALECTS) {
    for (const prefix of dialect.prefixes) {
      if ((path === prefix || path.startsWith(`${prefix}/`)) && prefix.length > best.length) best = { name: dialect.name, length: prefix.length };
    }
  }
  return best.name;
}
