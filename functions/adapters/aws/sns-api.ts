import { type SignedRequestOptions, serviceEndpoint, signedPost } from './signed-request';

/** SNS's Query API as the adapters use it: an action and its parameters, answered with the response XML. */
export interface SnsApi {
  call(action: string, params: Record<string, string>): Promise<string>;
}

/** SnsApi over signed HTTPS calls (`AWS_ENDPOINT_URL_SNS` or the region's endpoint). */
export class SignedSnsApi implements SnsApi {
  private readonly post;

  constructor(options: Partial<Omit<SignedRequestOptions, 'service'>> = {}) {
    this.post = signedPost({ ...options, service: 'sns', endpoint: options.endpoint ?? serviceEndpoint('sns', 'SNS') });
  }

  call(action: string, params: Record<string, string>): Promise<string> {
    const body = new URLSearchParams({ Action: action, Version: '2010-03-31', ...params }).toString();
    return this.post({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body, (status, text) => {
      const code = xmlValue(text, 'Code') ?? `HTTP${status}`;
      return { code, message: `SNS ${action} failed: ${status} ${code} ${xmlValue(text, 'Message') ?? ''}`.trim() };
    });
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The texts of every `<tag>` in an XML answer (SNS answers are flat), entities decoded. */
export function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) =>
    m[1]!.replace(/&(#x?[0-9a-fA-F]+|\w+);/g, (entity, name: string) => {
      if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name] ?? entity;
    }),
  );
}

/** The text of the first `<tag>`, or undefined. */
export function xmlValue(xml: string, tag: string): string | undefined {
  return xmlValues(xml, tag)[0];
}
