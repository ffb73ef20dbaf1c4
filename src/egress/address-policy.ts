import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Why an address may not be called, or null for an ordinary public unicast address.
 *
 * Allow-list, not deny-list: any range ipaddr.js gives a name (loopback, private, link-local,
 * carrier-grade NAT, multicast, reserved, ...) is refused, so a range we forgot is refused too.
 * IPv6 forms that carry an IPv4 address (mapped, compatible, 6to4, Teredo, NAT64) are refused
 * as well: the network may deliver them to that IPv4 address. A mapped public address
 * (::ffff:203.0.113.7 style) is judged by the IPv4 address inside.
 */
export function nonPublicRange(address: string): string | null {
  if (!isIP(address)) return 'not an IP address';
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return unicastOrRange((parsed as ipaddr.IPv4).range());
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return nonPublicRange(v6.toIPv4Address().toString());
  return unicastOrRange(v6.range()) ?? (isIPv4Compatible(v6) ? 'ipv4Compatible' : null);
}

function unicastOrRange(range: string): string | null {
  return range === 'unicast' ? null : range;
}

/** ::a.b.c.d, deprecated by RFC 4291; ipaddr.js calls it unicast, but it embeds an IPv4 address. */
function isIPv4Compatible(address: ipaddr.IPv6): boolean {
  return address.parts.slice(0, 6).every((part) => part === 0);
}
