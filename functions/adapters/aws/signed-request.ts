// One signed AWS API call over HTTPS, for the few calls whose SDK client would cost more
// bundle than the call is worth (Secrets Manager once per cold start; SNS, whose client and
// XML protocol are 35 KB of the assigner). The signer is the one the DynamoDB client
// already bundles; credentials are the role's, from the environment Lambda sets.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { SignatureV4 } from '@smithy/signature-v4';

type SignerOptions = ConstructorParameters<typeof SignatureV4>[0];
type SourceData = string | ArrayBuffer | ArrayBufferView;

/** A service's endpoint: `AWS_ENDPOINT_URL_<SERVICE>` when set (as the SDK honours it), else the region's. */
export function serviceEndpoint(service: string, envName: string, env: NodeJS.ProcessEnv = process.env): URL {
  const override = env[`AWS_ENDPOINT_URL_${envName}`] ?? env.AWS_ENDPOINT_URL;
  if (override) return new URL(override);
  const region = env.AWS_REGION;
  if (!region) throw new Error('AWS_REGION is not set');
  return new URL(`https://${service}.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}/`);
}

export interface SignedRequestOptions {
  /** The signing name, e.g. `sns`. */
  service: string;
  endpoint: URL;
  region?: string;
  credentials?: SignerOptions['credentials'];
  /** Attempts for throttling, 5xx and network failures (jittered backoff between them). */
  maxAttempts?: number;
}

/** An AWS error answer: `name` is the service's error code (e.g. `NotFound`). */
export class AwsCallError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
const RETRIED_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/** Signs and POSTs `body` with `headers`; retries throttling, 5xx and network failures. Answers status and text. */
export function signedPost(options: SignedRequestOptions) {
  const signer = new SignatureV4({
    service: options.service,
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    credentials: options.credentials ?? fromEnv(),
    sha256: NodeSha256,
  });
  const { endpoint } = options;
  const maxAttempts = options.maxAttempts ?? 3;
  return async function post(
    headers: Record<string, string>,
    body: string,
    errorCode: (status: number, text: string) => { code: string; message: string },
  ): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const signed = await signer.sign({
        method: 'POST',
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
        path: endpoint.pathname,
        query: {},
        headers: { ...headers, host: endpoint.host },
        body,
      });
      let answer: { status: number; text: string } | undefined;
      let failure: unknown;
      try {
        answer = await send(endpoint, signed.headers, body);
      } catch (error) {
        failure = error;
      }
      if (answer && answer.status < 300) return answer.text;
      const error =
        failure ??
        (() => {
          const { code, message } = errorCode(answer!.status, answer!.text);
          return new AwsCallError(code, answer!.status, message);
        })();
      const retry =
        !answer || answer.status >= 500 || answer.status === 429 || RETRIED_CODES.has((error as AwsCallError).code);
      if (!retry || attempt >= maxAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));
    }
  };
}

function send(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  const secure = url.protocol !== 'http:';
  const request = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers, timeout: 5_000, agent: secure ? agents.https : agents.http },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url.host} did not answer in time`)));
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
