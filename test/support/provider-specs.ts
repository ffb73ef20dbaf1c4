import { readFileSync } from 'node:fs';

/**
 * The providers' official OpenAPI documents (phone-number subsets) that the tests validate
 * against, copied into the repository so the suite runs from any checkout; where each came
 * from is in test/fixtures/provider-specs/README.md.
 */
const PROVIDER_SPECS_DIR = new URL('../fixtures/provider-specs/', import.meta.url);

/** The parsed document, by its file name (e.g. telnyx-phone-numbers.openapi.json). */
export function readProviderSpec(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, PROVIDER_SPECS_DIR), 'utf8'));
}
