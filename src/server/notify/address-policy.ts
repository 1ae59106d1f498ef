import net from 'node:net';

/**
 * Addresses an outbound request must not reach unless the operator allows it
 * (FIREWATCH_ALLOW_PRIVATE_WEBHOOKS=1): loopback, private, carrier-grade NAT, link-local (cloud
 * metadata lives at 169.254.169.254), "this network", multicast and reserved ranges. Node's
 * BlockList also matches IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) against the IPv4 rules.
 */
const PRIVATE = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  // NAT64: an IPv6 address standing for an IPv4 one, which may be private.
  ['64:ff9b::', 96],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address (v4 or v6, without brackets) is in a refused range. Not an IP: refused. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Names that always mean this machine, whatever DNS says. */
export function isLocalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || name === 'localhost.localdomain';
}

/** A URL's host as an IP literal (IPv6 without brackets), or undefined for a name. */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return net.isIP(bare) ? bare : undefined;
}

/**
 * What is wrong with a webhook address as stored, or undefined. Checks what can be known without
 * DNS: the scheme, and a host that is a private IP literal or a local name. Names that resolve to
 * private addresses are refused when sending (`guarded-http.ts`), where DNS is asked once and the
 * connection goes to the address checked.
 */
export function webhookAddressProblem(address: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'must be an http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (allowPrivate) return undefined;
  const literal = ipLiteral(url.hostname);
  if ((literal !== undefined && isPrivateAddress(literal)) || isLocalName(url.hostname)) {
    return 'must not point at a loopback, private or link-local address (set FIREWATCH_ALLOW_PRIVATE_WEBHOOKS=1 to allow)';
  }
  return undefined;
}
