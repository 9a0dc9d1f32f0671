import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LinkSigner } from '../../core/links/link-tokens';

/** The link signer, keyed with the secret the stack generated (read once per cold start). */
export async function linkSignerFromSecret(
  secretArn: string,
  client = new SecretsManagerClient({}),
): Promise<LinkSigner> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!SecretString) throw new Error(`Secret ${secretArn} has no value`);
  return new LinkSigner(SecretString);
}
