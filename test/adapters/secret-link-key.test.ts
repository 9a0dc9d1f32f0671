import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  linkSignerFromSecret,
  readSecretString,
  secretsManagerEndpoint,
} from '../../functions/adapters/aws/secret-link-key';
import { NodeSha256 } from '../../functions/adapters/aws/signed-request';
import { LinkSigner } from '../../functions/core/links/link-tokens';
import { type AwsStubs, startAwsStubs } from '../support/aws-stubs';

const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'local' });

describe('reading the link key from Secrets Manager', () => {
  let stubs: AwsStubs;
  beforeAll(async () => {
    stubs = await startAwsStubs();
  });
  afterAll(() => stubs.close());

  it('reads the secret string with one GetSecretValue call', async () => {
    // Act
    const value = await readSecretString('arn:aws:secretsmanager:us-east-1:1:secret:k', {
      endpoint: new URL(stubs.endpoint),
      credentials,
    });
    // Assess
    expect(value).toMatch(/^stub-link-signing-key/);
    expect(stubs.secretReads).toBe(1);
  });

  it('keys a link signer with it', async () => {
    // Prepare: the environment Lambda gives a function
    const env = {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: stubs.endpoint,
      AWS_ACCESS_KEY_ID: 'a',
      AWS_SECRET_ACCESS_KEY: 'b',
    };
    Object.assign(process.env, env);
    try {
      const signer = await linkSignerFromSecret('arn:aws:secretsmanager:us-east-1:1:secret:k');
      // Assess: its links verify under the key the secret holds
      const secret = await readSecretString('arn:aws:secretsmanager:us-east-1:1:secret:k');
      const token = signer.sign({ purpose: 'queue', poolId: 'P1', repId: 'R1', expiresAt: 2_000_000_000 });
      expect(new LinkSigner(secret).verify(token, 1_000_000_000_000).ok).toBe(true);
      expect(
        new LinkSigner('another key, also at least thirty-two bytes long').verify(token, 1_000_000_000_000).ok,
      ).toBe(false);
    } finally {
      for (const name of Object.keys(env)) delete process.env[name];
    }
  });

  it("fails the cold start with Secrets Manager's error when the secret cannot be read", async () => {
    // Prepare: a Secrets Manager that knows no such secret
    const server = createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find it." }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    // Act / Assess
    await expect(readSecretString('missing', { endpoint, credentials })).rejects.toThrow(
      /400 ResourceNotFoundException/,
    );
    server.close();
  });

  it('finds the regional endpoint, or the one the environment names', () => {
    expect(secretsManagerEndpoint({ AWS_REGION: 'eu-west-1' }).href).toBe(
      'https://secretsmanager.eu-west-1.amazonaws.com/',
    );
    expect(secretsManagerEndpoint({ AWS_REGION: 'cn-north-1' }).host).toBe(
      'secretsmanager.cn-north-1.amazonaws.com.cn',
    );
    expect(
      secretsManagerEndpoint({ AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9' }).host,
    ).toBe('127.0.0.1:9');
  });

  it("signs as AWS's own Signature Version 4 test suite expects (get-vanilla)", async () => {
    // Prepare: the suite's credentials, date and request
    const signer = new SignatureV4({
      service: 'service',
      region: 'us-east-1',
      credentials: async () => ({
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      }),
      sha256: NodeSha256,
      applyChecksum: false,
    });
    // Act
    const signed = await signer.sign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'example.amazonaws.com',
        path: '/',
        query: {},
        headers: { host: 'example.amazonaws.com' },
      },
      { signingDate: new Date('2015-08-30T12:36:00Z') },
    );
    // Assess
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });
});
