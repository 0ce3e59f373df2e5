import ipaddr from 'ipaddr.js';

/** IANA's global unicast block: every public IPv6 address today is inside it. */
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

/**
 * Whether crier may connect to this address when private targets are not allowed. Only ipaddr.js's
 * 'unicast' range passes: everything special (private, loopback, link-local, unique-local, CGNAT,
 * multicast, unspecified, reserved, 6to4/Teredo/NAT64 which embed an IPv4 address) is refused.
 * IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged by the IPv4 address it carries, which is where the
 * kernel connects. Any other IPv6 must also lie in 2000::/3: that refuses the deprecated
 * IPv4-compatible form (`[::127.0.0.1]`, which URL parsing turns into `[::7f00:1]` and ipaddr.js
 * calls plain unicast) and every block IANA has not handed out.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.range() === 'unicast';
  const v6 = parsed as ipaddr.IPv6;
  if (isMapped(v6)) return v6.toIPv4Address().range() === 'unicast';
  return v6.range() === 'unicast' && v6.match(GLOBAL_UNICAST);
}

/** ::ffff:0:0/96 by its bytes: ipaddr.js's own test also says yes to `::a.b.c.d` written with dots. */
function isMapped(v6: ipaddr.IPv6): boolean {
  const p = v6.parts;
  return p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0xffff;
}

/** The URL's host as an IP literal (brackets removed), or undefined when it is a name. */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : undefined;
}
