import { parsePhoneNumber } from 'libphonenumber-js/max';

/** A small deterministic generator, so a failing case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const TEMPLATES = [
  { prefix: '+1212', length: 7 },
  { prefix: '+1415', length: 7 },
  { prefix: '+1646', length: 7 },
  { prefix: '+1800', length: 7 },
  { prefix: '+4420', length: 8 },
  { prefix: '+447911', length: 6 },
  { prefix: '+4930', length: 7 },
  { prefix: '+331', length: 8 },
];

/** Distinct numbers that libphonenumber considers valid, spread over countries and types. */
export function validNumbers(count: number, seed = 1): string[] {
  const random = seededRandom(seed);
  const found = new Set<string>();
  while (found.size < count) {
    const template = TEMPLATES[Math.floor(random() * TEMPLATES.length)]!;
    let digits = String(2 + Math.floor(random() * 8));
    while (digits.length < template.length) digits += String(Math.floor(random() * 10));
    const candidate = template.prefix + digits;
    if (parsePhoneNumber(candidate).isValid()) found.add(candidate);
  }
  return [...found];
}
