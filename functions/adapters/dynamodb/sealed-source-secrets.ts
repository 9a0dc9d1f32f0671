// Sources' secrets (signing secrets, Google keys, Meta app secrets and tokens, a rotated
// secret) are stored sealed: envelope encryption, a fresh data key per write, AES-256-GCM
// here, the data key wrapped by a key the function may or may not use (KMS in AWS, a local
// key file on a developer's machine). A function that can read the config table but not
// the key sees a source's settings and never its secrets.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SECRET_SETTINGS, type Source, type SourceKind } from '../../core/sources/source';

/** Data keys for envelope encryption: a fresh one per sealing, and the clear key behind a wrapped one. */
export interface DataKeys {
  /** A new 256-bit key, in the clear and wrapped (the wrapped form is stored beside what it seals). */
  generate(context: Readonly<Record<string, string>>): Promise<{ plaintext: Uint8Array; wrapped: Uint8Array }>;
  /** The clear key of a wrapped one; fails unless `context` is the one it was generated with. */
  unwrap(wrapped: Uint8Array, context: Readonly<Record<string, string>>): Promise<Uint8Array>;
}

/** The sealed secrets of one source as stored: the wrapped data key, the nonce, the ciphertext with its tag. */
export interface SealedSecrets {
  dataKey: string;
  iv: string;
  box: string;
}

/** How a source's secrets go into and come out of its stored item. */
export interface SourceSecrets {
  /** The item attributes for a source: its settings, with its secrets sealed into `sealedSecrets`. */
  seal(source: Source): Promise<Record<string, unknown>>;
  /** The source an item holds, secrets opened (or left out, for a function without the key). */
  open(item: Record<string, unknown>): Promise<Source>;
}

/** The settings of a source kind that are sealed: its kind's secrets and a rotated signature secret. */
export function sealedSettingsOf(kind: SourceKind): readonly string[] {
  return [...SECRET_SETTINGS[kind], 'previousSecret'];
}

/** Both the data key's wrapping and the cipher are bound to the source, so a box cannot be moved to another. */
const contextOf = (sourceId: string) => ({ 'leadrouter:source': sourceId });

/** Seals secrets with data keys from `keys`; opens them again. */
export class EnvelopeSourceSecrets implements SourceSecrets {
  constructor(private readonly keys: DataKeys) {}

  async seal(source: Source): Promise<Record<string, unknown>> {
    const { settings, secrets } = splitSecrets(source);
    if (Object.keys(secrets).length === 0) return settings;
    const context = contextOf(source.id);
    const { plaintext, wrapped } = await this.keys.generate(context);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', plaintext, iv);
    cipher.setAAD(Buffer.from(context['leadrouter:source']));
    const box = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final(), cipher.getAuthTag()]);
    const sealed: SealedSecrets = {
      dataKey: Buffer.from(wrapped).toString('base64'),
      iv: iv.toString('base64'),
      box: box.toString('base64'),
    };
    return { ...settings, sealedSecrets: sealed };
  }

  async open(item: Record<string, unknown>): Promise<Source> {
    const { sealedSecrets, ...settings } = item;
    if (!sealedSecrets) return settings as unknown as Source;
    const sealed = sealedSecrets as SealedSecrets;
    const sourceId = String(settings.id);
    const key = await this.keys.unwrap(Buffer.from(sealed.dataKey, 'base64'), contextOf(sourceId));
    const box = Buffer.from(sealed.box, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(sourceId));
    decipher.setAuthTag(box.subarray(box.length - 16));
    const clear = Buffer.concat([decipher.update(box.subarray(0, box.length - 16)), decipher.final()]);
    return { ...settings, ...(JSON.parse(clear.toString('utf8')) as Record<string, unknown>) } as unknown as Source;
  }
}

/**
 * For functions that route by a source or name it but never check its signatures (the
 * assigner, rep links, the sweeper): they hold no key, so they read sources without their
 * secrets and may not store one.
 */
export const WITHHELD_SOURCE_SECRETS: SourceSecrets = {
  async seal(source) {
    const { settings, secrets } = splitSecrets(source);
    if (Object.keys(secrets).length > 0) throw new Error('This function holds no key to seal source secrets with');
    return settings;
  },
  async open(item) {
    const { sealedSecrets: _sealed, ...settings } = item;
    return settings as unknown as Source;
  },
};

function splitSecrets(source: Source) {
  const settings: Record<string, unknown> = { ...source };
  const secrets: Record<string, unknown> = {};
  for (const name of sealedSettingsOf(source.kind)) {
    if (settings[name] !== undefined) secrets[name] = settings[name];
    delete settings[name];
  }
  return { settings, secrets };
}
