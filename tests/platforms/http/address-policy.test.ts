import { describe, expect, it } from 'vitest';
import { ipLiteral, isPublicAddress } from '../../../src/platforms/http/address-policy.js';

describe('isPublicAddress', () => {
  it.each(['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '2a00:1450:4001:81c::200e', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    ['IPv4-compatible loopback', '::127.0.0.1'],
    ['IPv4-compatible loopback as URL parsing writes it', '::7f00:1'],
    ['IPv4-compatible private', '::a00:1'],
    ['IPv4-compatible public (deprecated form)', '::808:808'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
    ['IPv4-mapped private, hex', '::ffff:a00:1'],
    ['IPv4-translated (SIIT)', '::ffff:0:7f00:1'],
    ['6to4 of loopback', '2002:7f00:1::'],
    ['6to4 of a public address', '2002:808:808::1'],
    ['NAT64 of a private address', '64:ff9b::10.0.0.1'],
    ['local-use NAT64', '64:ff9b:1::a00:1'],
    ['Teredo', '2001::1'],
    ['documentation', '2001:db8::1'],
    ['unallocated outside 2000::/3', '1::1'],
    ['discard prefix', '100::1'],
    ['loopback', '::1'],
    ['unspecified', '::'],
    ['link-local', 'fe80::1'],
    ['unique-local', 'fd12:3456::1'],
    ['multicast', 'ff02::1'],
    ['IPv4 loopback', '127.0.0.1'],
    ['IPv4 private', '192.168.1.1'],
    ['IPv4 CGNAT', '100.64.0.1'],
    ['IPv4 link-local (metadata)', '169.254.169.254'],
    ['not an address', 'example.com'],
  ])('%s (%s) is refused', (_name, address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it('reads the literal that URL parsing produces from [::127.0.0.1]', () => {
    const literal = ipLiteral(new URL('http://[::127.0.0.1]/x').hostname);
    expect(literal).toBe('::7f00:1');
    expect(isPublicAddress(literal!)).toBe(false);
  });
});
