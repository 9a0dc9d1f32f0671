// Sources' secrets in AWS: sealed with data keys from the stack's KMS key. Only the functions
// that check signatures or fetch Meta leads (ingest, enricher) and the admin API import this,
// so only their bundles carry the KMS client.
import { KMSClient } from '@aws-sdk/client-kms';
import { KmsDataKeys } from '../adapters/aws/kms-data-keys';
import { EnvelopeSourceSecrets, type SourceSecrets } from '../adapters/dynamodb/sealed-source-secrets';
import { requireEnv } from './env';

/** The source secrets of a function the stack bound to its key (`SOURCE_SECRETS_KEY_ARN`). */
export function sourceSecretsFromKms(): SourceSecrets {
  return new EnvelopeSourceSecrets(new KmsDataKeys(new KMSClient({}), requireEnv('SOURCE_SECRETS_KEY_ARN')));
}
