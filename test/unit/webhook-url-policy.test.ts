import { describe, expect, it } from 'vitest';
import { isRefusedAddress, WebhookUrlGuard } from '../../functions/adapters/webhooks/webhook-url-policy';

const resolvingTo =
  (...addresses: string[]) =>
  async () =>
    addresses;

const refusal = async (guard: WebhookUrlGuard, url: string) => {
  try {
    await guard.check(url);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('webhook URLs in AWS', () => {
  it.each([
    ['10.1.2.3'],
    ['172.20.0.1'],
    ['192.168.1.10'],
    ['127.0.0.1'],
    ['169.254.169.254'],
    ['100.64.0.1'],
    ['0.0.0.0'],
    ['::1'],
    ['fd00:ec2::254'],
    ['fe80::1'],
    ['::ffff:10.0.0.1'],
  ])('refuses a host that resolves to %s', async (address) => {
    const guard = new WebhookUrlGuard('aws', resolvingTo('93.184.216.34', address));

    expect(await refusal(guard, 'https://hooks.example.com/in')).toBe('url_not_allowed');
  });

  it('accepts https to a host with only public addresses', async () => {
    const guard = new WebhookUrlGuard('aws', resolvingTo('93.184.216.34', '2606:2800:220:1::1'));

    expect(await refusal(guard, 'https://hooks.example.com/in')).toBeUndefined();
  });

  it.each([
    ['http://hooks.example.com/in', 'plain http'],
    ['https://169.254.169.254/latest/meta-data', 'the metadata address written out'],
    ['https://[::1]/in', 'IPv6 loopback written out'],
    ['https://[::ffff:10.0.0.1]/in', 'an IPv4-mapped private address (URLs write it ::ffff:a00:1)'],
    ['https://user:pw@hooks.example.com/in', 'credentials in the URL'],
    ['http://127.0.0.1:3000/in', 'loopback over http'],
    ['not a url', 'no URL at all'],
  ])('refuses %s (%s)', async (url) => {
    expect(await refusal(new WebhookUrlGuard('aws', resolvingTo('93.184.216.34')), url)).toBe('url_not_allowed');
  });

  it('refuses a host that does not resolve', async () => {
    const guard = new WebhookUrlGuard('aws', async () => {
      throw new Error('ENOTFOUND');
    });

    expect(await refusal(guard, 'https://nowhere.invalid/in')).toBe('url_not_allowed');
  });
});

describe('webhook URLs locally', () => {
  it('allows http to 127.0.0.1 and localhost, so tests and demos have receivers', async () => {
    const guard = new WebhookUrlGuard('local', resolvingTo('10.0.0.1'));

    expect(await refusal(guard, 'http://127.0.0.1:8080/in')).toBeUndefined();
    expect(await refusal(guard, 'http://localhost:8080/in')).toBeUndefined();
    expect(await refusal(guard, 'http://10.0.0.1/in')).toBe('url_not_allowed');
    expect(await refusal(guard, 'https://intranet.example.com/in')).toBe('url_not_allowed');
  });
});

describe('refused addresses', () => {
  it('tells public addresses from private ones', () => {
    expect(isRefusedAddress('8.8.8.8')).toBe(false);
    expect(isRefusedAddress('2001:4860:4860::8888')).toBe(false);
    expect(isRefusedAddress('192.168.0.1')).toBe(true);
    expect(isRefusedAddress('not-an-ip')).toBe(true);
  });
});
