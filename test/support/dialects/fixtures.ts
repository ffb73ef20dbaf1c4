import type { ImportNumberInput } from '../../../src/numbers/numbers.service.js';
import type { PhoneNumberRecord } from '../../../src/numbers/phone-number.js';
import type { TestApp } from '../harness.js';

let next = 2_000_000 + Math.floor(Math.random() * 5_000_000);

/** A fresh valid New York number, distinct within the test process. */
export function freshNumber(): string {
  next += 1 + Math.floor(Math.random() * 50);
  return `+1646${next}`;
}

/** Numbers held by an organization, imported through the shared service. */
export async function seedNumbers(
  app: TestApp,
  orgId: string,
  count: number,
  input: Partial<ImportNumberInput> = {},
): Promise<PhoneNumberRecord[]> {
  const records: PhoneNumberRecord[] = [];
  for (let i = 0; i < count; i++) {
    records.push(await app.dialtone.services.numbers.importNumber(orgId, { number: freshNumber(), ...input }));
  }
  return records;
}

export { basicAuth } from '../../support/surfaces.js';

