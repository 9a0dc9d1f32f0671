import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { DataKeys } from '../dynamodb/sealed-source-secrets';

/**
 * Data keys wrapped by a local key (the local stack keeps it beside its data), standing in
 * for KMS: the same envelope, the same binding to the source, no AWS.
 */
export class LocalDataKeys implements DataKeys {
  private readonly key: Buffer;

  /** `secret`: any string; the wrapping key is its SHA-256. */
  constructor(secret: string) {
    this.key = createHash('sha256').update(secret).digest();
  }

  async generate(context: Readonly<Record<string, string>>) {
    const plaintext = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(JSON.stringify(context)));
    const wrapped = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { plaintext, wrapped };
  }

  async unwrap(wrapped: Uint8Array, context: Readonly<Record<string, string>>) {
    const bytes = Buffer.from(wrapped);
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(JSON.stringify(context)));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
  }
}
