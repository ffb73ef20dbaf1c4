import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { SecretBox } from '../secrets/secret-box.js';

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

/** A new signing secret, as the Standard Webhooks spec writes one: whsec_ + base64 of random bytes. */
export function newSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/**
 * Signing secrets at rest. With DIALTONE_SECRET_KEY set they are sealed, bound to their
 * organization. Without it they are stored as they are (whsec_...): unlike a carrier's
 * credentials, a webhook cannot work without its secret, and an operator who runs without a
 * key has chosen plain storage. A secret stored plain stays readable once a key is set; it
 * is sealed at its next rotation.
 */
export class WebhookSecrets {
  constructor(private readonly box: SecretBox) {}

  store(organizationId: string, secret: string): string {
    return this.box.enabled ? this.box.seal(secret, contextOf(organizationId)) : secret;
  }

  read(organizationId: string, stored: string): string {
    return stored.startsWith(SECRET_PREFIX) ? stored : this.box.open(stored, contextOf(organizationId));
  }
}

function contextOf(organizationId: string): string {
  return `webhook_secret:${organizationId}`;
}

/**
 * The webhook-signature header: one `v1,<base64>` signature per secret, space separated, so a
 * receiver holding either the new or the former secret (during a rotation's grace) verifies it.
 */
export function signatureHeader(secrets: readonly string[], messageId: string, at: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' ');
}
