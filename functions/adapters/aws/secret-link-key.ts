// The link key is read once per cold start. One signed HTTPS call does it with the signer
// the DynamoDB client already bundles; the Secrets Manager client cost 14 KB of every bundle
// that signs links, for this one call.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { SignatureV4 } from '@smithy/signature-v4';
import { LinkSigner } from '../../core/links/link-tokens';

type SignerOptions = ConstructorParameters<typeof SignatureV4>[0];
type SourceData = string | ArrayBuffer | ArrayBufferView;

/** Where Secrets Manager answers: `AWS_ENDPOINT_URL_SECRETS_MANAGER` when set (as the SDK honours it), else the region's endpoint. */
export function secretsManagerEndpoint(env: NodeJS.ProcessEnv = process.env): URL {
  const override = env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? env.AWS_ENDPOINT_URL;
  if (override) return new URL(override);
  const region = env.AWS_REGION;
  if (!region) throw new Error('AWS_REGION is not set');
  return new URL(
    `https://secretsmanager.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}/`,
  );
}

/** Reads a secret's string value with one signed `GetSecretValue` call. */
export async function readSecretString(
  secretId: string,
  options: { endpoint?: URL; region?: string; credentials?: SignerOptions['credentials'] } = {},
): Promise<string> {
  const endpoint = options.endpoint ?? secretsManagerEndpoint();
  const signer = new SignatureV4({
    service: 'secretsmanager',
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    credentials: options.credentials ?? fromEnv(),
    sha256: NodeSha256,
  });
  const body = JSON.stringify({ SecretId: secretId });
  const signed = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
    path: endpoint.pathname,
    query: {},
    headers: {
      host: endpoint.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
    },
    body,
  });
  const { status, text } = await post(endpoint, signed.headers, body);
  const answer = JSON.parse(text || '{}') as { SecretString?: string; __type?: string; message?: string };
  if (status !== 200) {
    throw new Error(
      `GetSecretValue ${secretId} failed: ${status} ${answer.__type ?? ''} ${answer.message ?? ''}`.trim(),
    );
  }
  if (!answer.SecretString) throw new Error(`Secret ${secretId} has no value`);
  return answer.SecretString;
}

/** The link signer, keyed with the secret the stack generated (read once per cold start). */
export async function linkSignerFromSecret(secretArn: string): Promise<LinkSigner> {
  return new LinkSigner(await readSecretString(secretArn));
}

function post(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', headers, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('GetSecretValue timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** SHA-256 and its HMAC from node:crypto, in the shape the signer asks for. */
export class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(this.secret));
  }
}

function toBytes(data: SourceData): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}
