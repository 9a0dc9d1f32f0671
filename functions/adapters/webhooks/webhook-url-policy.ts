// Where webhooks may go (SSRF): in AWS only `https` URLs whose host resolves to public
// addresses; never loopback, private, link-local (the instance metadata service among them),
// carrier-grade NAT, multicast or reserved ones. Locally, `http://127.0.0.1` and
// `http://localhost` are allowed too, so tests and demos have somewhere to send.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ValidationError } from '../../core/shared/errors';
import type { WebhookUrlPolicy } from '../../core/webhooks/ports';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** Whether leadrouter refuses to connect to this address (private, loopback, link-local, reserved). */
export function isRefusedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    // An IPv4-mapped address is judged as the IPv4 address it carries.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1]!, 'ipv4');
    // The same written in hex, as URLs normalise it: ::ffff:a00:1 is 10.0.0.1.
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
    if (hex) {
      const [high, low] = [Number.parseInt(hex[1]!, 16), Number.parseInt(hex[2]!, 16)];
      return blocked.check(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, 'ipv4');
    }
    return blocked.check(address, 'ipv6');
  }
  return true;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export type Resolver = (host: string) => Promise<string[]>;
const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

const refuse = (why: string) =>
  new ValidationError(
    `The webhook URL is not allowed: ${why}`,
    [{ path: 'url', code: 'url_not_allowed', message: why }],
    'url_not_allowed',
  );

/** The URL policy: `aws` (https to public addresses only) or `local` (loopback over http allowed too). */
export class WebhookUrlGuard implements WebhookUrlPolicy {
  constructor(
    private readonly mode: 'aws' | 'local',
    private readonly resolve: Resolver = systemResolver,
  ) {}

  async check(raw: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw refuse('it is not a URL');
    }
    if (url.username || url.password) throw refuse('credentials in the URL are not allowed');
    if (this.mode === 'local' && LOCAL_HOSTS.has(url.hostname) && ['http:', 'https:'].includes(url.protocol)) return;
    if (url.protocol !== 'https:') throw refuse('only https URLs are allowed');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : await this.resolve(host);
    } catch {
      throw refuse(`${host} does not resolve`);
    }
    if (addresses.length === 0) throw refuse(`${host} does not resolve`);
    if (addresses.some(isRefusedAddress))
      throw refuse(`${host} resolves to a private, loopback, link-local or reserved address`);
  }
}
