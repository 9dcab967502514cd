/**
 * Who is asking: the client's address for throttles and for the first-admin rule. Behind a reverse
 * proxy (TRUST_PROXY=1) every request comes from the proxy, so the last X-Forwarded-For entry (the
 * address the proxy itself saw) counts instead; earlier entries are client-supplied and never trusted.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const last = c.req.header('x-forwarded-for')?.split(',').pop()?.trim();
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** An IPv4-mapped IPv6 address (::ffff:1.2.3.4) as the IPv4 address it is. */
function unmapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

/**
 * The key a throttle counts an address under: IPv4 as is, IPv6 by its /64 (one subscriber usually
 * holds a whole /64 and can pick any address in it).
 */
export function addressKey(address: string): string {
  const a = unmapped(address.trim());
  if (isIPv4(a)) return a;
  const bare = a.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!isIPv6(bare)) return a;
  return `${expandIPv6(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, in lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  // A trailing dotted quad (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) as two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [b0, b1, b2, b3] = quad.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, quad.index) + `${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16).toString(16));
}

export function isLoopback(address: string): boolean {
  const a = unmapped(address.trim());
  if (isIPv4(a)) return a.startsWith('127.');
  const bare = a.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  return isIPv6(bare) && expandIPv6(bare).join(':') === '0:0:0:0:0:0:0:1';
}
