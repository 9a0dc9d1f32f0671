import { LinkSigner } from '../../core/links/link-tokens';
import { type SignedRequestOptions, serviceEndpoint, signedPost } from './signed-request';

/** Where Secrets Manager answers: `AWS_ENDPOINT_URL_SECRETS_MANAGER` when set, else the region's endpoint. */
export function secretsManagerEndpoint(env: NodeJS.ProcessEnv = process.env): URL {
  return serviceEndpoint('secretsmanager', 'SECRETS_MANAGER', env);
}

/** Reads a secret's string value with one signed `GetSecretValue` call (the Secrets Manager client cost 14 KB for it). */
export async function readSecretString(
  secretId: string,
  options: Partial<Omit<SignedRequestOptions, 'service'>> = {},
): Promise<string> {
  const post = signedPost({
    ...options,
    service: 'secretsmanager',
    endpoint: options.endpoint ?? secretsManagerEndpoint(),
  });
  const text = await post(
    { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' },
    JSON.stringify({ SecretId: secretId }),
    (status, body) => {
      const answer = JSON.parse(body || '{}') as { __type?: string; message?: string; Message?: string };
      const code = answer.__type?.split('#').pop() ?? `HTTP${status}`;
      return {
        code,
        message:
          `GetSecretValue ${secretId} failed: ${status} ${code} ${answer.message ?? answer.Message ?? ''}`.trim(),
      };
    },
  );
  const { SecretString } = JSON.parse(text) as { SecretString?: string };
  if (!SecretString) throw new Error(`Secret ${secretId} has no value`);
  return SecretString;
}

/** The link signer, keyed with the secret the stack generated (read once per cold start). */
export async function linkSignerFromSecret(secretArn: string): Promise<LinkSigner> {
  return new LinkSigner(await readSecretString(secretArn));
}
