import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { errors } from '../errors/catalogue.js';

const VERSION = 'v1';
const IV_BYTES = 12;

function keyFrom(secretKey: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(secretKey) ? Buffer.from(secretKey, 'hex') : Buffer.from(secretKey, 'base64');
  if (key.length !== 32) throw new Error('DIALTONE_SECRET_KEY must be 32 bytes');
  return key;
}

/**
 * Seals small secrets (carrier credentials, port-out PINs) with AES-256-GCM under DIALTONE_SECRET_KEY.
 * The sealed form is "v1.<iv>.<tag>.<ciphertext>"; the organization id is bound in as
 * associated data, so a sealed value copied to another organization does not open.
 */
export class SecretBox {
  private readonly key: Buffer | null;

  constructor(secretKey: string | null) {
    this.key = secretKey ? keyFrom(secretKey) : null;
  }

  get enabled(): boolean {
    return this.key !== null;
  }

  seal(plaintext: string, context: string): string {
    const key = this.requireKey();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  open(sealed: string, context: string): string {
    const key = this.requireKey();
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('unreadable sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  private requireKey(): Buffer {
    if (!this.key) throw errors.secretsDisabled();
    return this.key;
  }
}
