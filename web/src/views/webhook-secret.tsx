import { SecretField } from '../components/SecretField';

/** A signing secret, shown once: to copy and store now. */
export function OnceSecret({ secret, label }: { secret: string; label: string }) {
  // It replaces the form that was focused: the focus moves to the secret, selected to copy.
  return (
    <SecretField id="signing-secret" label={label} value={secret} focus>
      Shown this once: Dialtone keeps it sealed and cannot show it again. Store it where your receiver verifies signatures (Standard Webhooks,
      the <code>webhook-signature</code> header).
    </SecretField>
  );
}
