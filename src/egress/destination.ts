/** Where an outbound call goes, read from its URL, and whether policy lets it go there. */
export interface Destination {
  url: URL;
  /** Lower case, without IPv6 brackets or a trailing dot: the name resolved and checked. */
  host: string;
  port: number;
  secure: boolean;
}

/** The parts of a URL an outbound call uses; null when it is not an http(s) URL. */
export function destinationOf(raw: string): Destination | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const secure = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
  return { url, host, port: url.port ? Number(url.port) : secure ? 443 : 80, secure };
}

/**
 * Whether an operator's allow-list names the destination: entries are `host` (any port) or
 * `host:port`, IPv6 hosts in brackets. Allow-listed destinations skip the https and address
 * rules, for carriers and test fakes the operator runs on their own network.
 */
export function isAllowListed(destination: Destination, allow: readonly string[]): boolean {
  return allow.some((entry) => {
    const { host, port } = splitEntry(entry.trim().toLowerCase());
    return host.replace(/\.$/, '') === destination.host && (port === null || port === destination.port);
  });
}

function splitEntry(entry: string): { host: string; port: number | null } {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
  if (!match) return { host: entry, port: null }; // an unbracketed IPv6 address: no port
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port: match[2] === undefined ? null : Number(match[2]) };
}

/** Whether a host is one of the names given: exact, or `*.example.com` for any name under example.com. */
export function hostMatches(host: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const wanted = pattern.toLowerCase();
    return wanted.startsWith('*.') ? host.endsWith(wanted.slice(1)) : host === wanted;
  });
}

/**
 * Why a URL may not be called, judged before any name is resolved; null when it may (its
 * addresses are checked after resolution). hosts, when given, are the only names allowed.
 */
export function urlRefusal(raw: string, allow: readonly string[], hosts?: readonly string[]): string | null {
  const destination = destinationOf(raw);
  if (!destination) return 'only http and https URLs can be called';
  if (destination.url.username || destination.url.password) return 'a URL may not carry credentials';
  if (isAllowListed(destination, allow)) return null;
  if (!destination.secure) return 'only https is allowed';
  if (hosts && !hostMatches(destination.host, hosts)) return `it is not one of the allowed hosts (${hosts.join(', ')})`;
  return null;
}
