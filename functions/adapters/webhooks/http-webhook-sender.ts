// POSTs a webhook delivery. The connection goes only to the addresses its own lookup
// checked (a host that resolved to a public address at the policy check and to a private one
// now is refused: DNS rebinding), redirects are not followed, and the answer's body is not read.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { WebhookSender } from '../../core/webhooks/ports';
import { isRefusedAddress } from './webhook-url-policy';

export interface HttpWebhookSenderOptions {
  timeoutMs?: number;
  /** Allow loopback and private addresses (the local stack, whose receivers are on 127.0.0.1). */
  allowPrivate?: boolean;
}

const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 4);
    const list = addresses as unknown as LookupAddress[];
    const refused = list.find((a) => isRefusedAddress(a.address));
    if (refused || list.length === 0)
      return callback(new Error(`${hostname} resolves to an address webhooks may not reach`), '', 4);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

/** Webhook deliveries over node's HTTP client. */
export class HttpWebhookSender implements WebhookSender {
  constructor(private readonly options: HttpWebhookSenderOptions = {}) {}

  post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number }> {
    const target = new URL(url);
    const request = target.protocol === 'http:' ? httpRequest : httpsRequest;
    const timeout = this.options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const req = request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'user-agent': 'leadrouter-webhooks', 'content-length': Buffer.byteLength(body) },
          timeout,
          ...(this.options.allowPrivate ? {} : { lookup: guardedLookup }),
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeout} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}
