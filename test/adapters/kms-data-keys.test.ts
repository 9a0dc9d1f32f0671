import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { KmsDataKeys } from '../../functions/adapters/aws/kms-data-keys';
import { EnvelopeSourceSecrets } from '../../functions/adapters/dynamodb/sealed-source-secrets';
import type { Source } from '../../functions/core/sources/source';

const kms = mockClient(KMSClient);
// The stub sits on the client's prototype: take it off, or later files in this worker get it.
afterAll(() => kms.restore());
const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const clearKey = new Uint8Array(32).fill(7);
const wrappedKey = new Uint8Array([1, 2, 3, 4]);
const source: Source = {
  id: 'src_1',
  name: 'CRM',
  kind: 'json',
  key: 'webhook-key',
  signingSecret: 'a-signing-secret-of-length',
  createdAt: '2026-12-01T09:00:00Z',
  updatedAt: '2026-12-01T09:00:00Z',
  version: 1,
};

beforeEach(() => {
  kms.reset();
  kms.on(GenerateDataKeyCommand).resolves({ Plaintext: clearKey, CiphertextBlob: wrappedKey, KeyId: KEY_ARN });
  kms.on(DecryptCommand).resolves({ Plaintext: clearKey, KeyId: KEY_ARN });
});

describe('KmsDataKeys', () => {
  it("asks the stack's key for a 256-bit data key bound to the source", async () => {
    // Act
    const item = await new EnvelopeSourceSecrets(new KmsDataKeys(new KMSClient({}), KEY_ARN)).seal(source);
    // Assess
    expect(kms.commandCalls(GenerateDataKeyCommand).map((c) => c.args[0].input)).toEqual([
      { KeyId: KEY_ARN, KeySpec: 'AES_256', EncryptionContext: { 'leadrouter:source': 'src_1' } },
    ]);
    expect(item.sealedSecrets).toMatchObject({ dataKey: Buffer.from(wrappedKey).toString('base64') });
  });

  it('unwraps a data key once per function instance, however often the source is read again', async () => {
    // Prepare
    const item = await new EnvelopeSourceSecrets(new KmsDataKeys(new KMSClient({}), KEY_ARN)).seal(source);
    const reader = new EnvelopeSourceSecrets(new KmsDataKeys(new KMSClient({}), KEY_ARN));
    // Act
    const opened = await Promise.all([reader.open(item), reader.open(item), reader.open({ ...item })]);
    await reader.open(item);
    // Assess
    expect(opened.map((s) => (s as { signingSecret?: string }).signingSecret)).toEqual([
      source.signingSecret,
      source.signingSecret,
      source.signingSecret,
    ]);
    const decrypts = kms.commandCalls(DecryptCommand).map((c) => c.args[0].input);
    expect(decrypts).toEqual([
      { KeyId: KEY_ARN, CiphertextBlob: expect.anything(), EncryptionContext: { 'leadrouter:source': 'src_1' } },
    ]);
    expect(Buffer.from(decrypts[0]!.CiphertextBlob!)).toEqual(Buffer.from(wrappedKey));
  });

  it('asks KMS again after a failed unwrap, and for the same wrapped key under another context', async () => {
    const keys = new KmsDataKeys(new KMSClient({}), KEY_ARN);
    kms.on(DecryptCommand).rejectsOnce(new Error('throttled')).resolves({ Plaintext: clearKey });
    await expect(keys.unwrap(wrappedKey, { 'leadrouter:source': 'src_1' })).rejects.toThrow('throttled');
    expect(await keys.unwrap(wrappedKey, { 'leadrouter:source': 'src_1' })).toEqual(clearKey);
    await keys.unwrap(wrappedKey, { 'leadrouter:source': 'src_2' });
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(3);
  });
});
