import ipaddr from 'ipaddr.js';

/**
 * Whether crier may connect to this address when private targets are not allowed. Only ipaddr.js's
 * 'unicast' range passes: everything special (private, loopback, link-local, unique-local, CGNAT,
 * multicast, unspecified, reserved, 6to4/Teredo/NAT64 which embed an IPv4 address) is refused.
 * IPv4-mapped IPv6 addresses are judged by the IPv4 address they carry.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/** The URL's host as an IP literal (brackets removed), or undefined when it is a name. */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : undefined;
}
