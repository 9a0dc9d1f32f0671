import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { DataKeys } from '../dynamodb/sealed-source-secrets';

/** Clear data keys a warm function keeps; one per source is plenty. */
const REMEMBERED_KEYS = 256;

/**
 * Data keys from the stack's KMS key. A wrapped key is unwrapped once per function instance
 * and remembered: a source is re-read from DynamoDB every minute but keeps its data key
 * until an admin changes it, so a warm function calls KMS only for a source it has not seen.
 */
export class KmsDataKeys implements DataKeys {
  private readonly clear = new Map<string, Promise<Uint8Array>>();

  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async generate(context: Readonly<Record<string, string>>) {
    const { Plaintext, CiphertextBlob } = await this.kms.send(
      new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }),
    );
    if (!Plaintext || !CiphertextBlob) throw new Error('KMS returned no data key');
    return { plaintext: Plaintext, wrapped: CiphertextBlob };
  }

  unwrap(wrapped: Uint8Array, context: Readonly<Record<string, string>>): Promise<Uint8Array> {
    // The context is part of the cache key: a wrapped key with another context must reach KMS and fail there.
    const cacheKey = `${Buffer.from(wrapped).toString('base64')}|${JSON.stringify(context)}`;
    const known = this.clear.get(cacheKey);
    if (known) return known;
    const unwrapping = this.kms
      .send(new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: wrapped, EncryptionContext: { ...context } }))
      .then(({ Plaintext }) => {
        if (!Plaintext) throw new Error('KMS returned no plaintext');
        return Plaintext;
      });
    unwrapping.catch(() => this.clear.delete(cacheKey));
    if (this.clear.size >= REMEMBERED_KEYS) this.clear.delete(this.clear.keys().next().value as string);
    this.clear.set(cacheKey, unwrapping);
    return unwrapping;
  }
}
