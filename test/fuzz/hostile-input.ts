import fc from 'fast-check';

/**
 * Hostile and malformed inputs, by class: what an attacker, a broken client or an encoding
 * bug sends. Each is a raw piece of text, so a request can carry exactly these bytes.
 */

/** Strings as query, path or form values (before URL encoding). */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  'a'.repeat(5_000),
  '\u0000',
  'abc\u0000def',
  '\ud800',
  'x\udc00y',
  '%00',
  '%',
  '_',
  '%%',
  '*',
  '__proto__',
  'constructor',
  'prototype',
  '1e309',
  '-1e309',
  'Infinity',
  '-Infinity',
  'NaN',
  '-1',
  '0',
  '99999999999999999999999',
  '1.5',
  '0x10',
  "' or 1=1 --",
  '"; drop table phone_numbers; --',
  '\\',
  '../../etc/passwd',
  '{"$ne":null}',
  '[]',
  '{}',
  'true',
  'null',
  '+',
  '+1',
  '+14155552671',
  '(415) 555-2671',
  '\u202e\u0301\ufeff',
  '😀'.repeat(50),
  'ÿÿÿ',
  '<script>alert(1)</script>',
  '2026-13-45T99:99:99Z',
  '0000-00-00',
  'dt_not_a_key',
];

/** Query and form keys that name prototype machinery or nest without end. */
export const HOSTILE_KEYS: readonly string[] = [
  '__proto__',
  '__proto__[polluted]',
  'constructor',
  'constructor[prototype][polluted]',
  'prototype',
  'filter[__proto__][polluted]',
  'filter[constructor][prototype][polluted]',
  'filter[a][b][c][d][e][f][g]',
  'filter[]',
  'filter[',
  '[]',
  'a]b',
  '\u0000',
];

/** JSON numbers as written on the wire, some of which JavaScript reads as non-finite. */
const HOSTILE_NUMBERS = ['1e309', '-1e309', '0', '-1', '1.5', '9007199254740993', '1e-400', '123456789012345678901234567890'];

/** A JSON string literal, with lone surrogates written as escapes (JSON.stringify would too). */
function jsonString(value: string): string {
  return JSON.stringify(value);
}

/** A JSON value as raw text, drawn from the hostile classes. */
export const hostileJsonValue: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...HOSTILE_STRINGS).map(jsonString),
    fc.constantFrom(...HOSTILE_NUMBERS),
    fc.constantFrom('null', 'true', 'false'),
    fc.string({ maxLength: 40, unit: 'binary' }).map(jsonString),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 12 })), tie('value')), { maxLength: 4 })
      .map((entries) => `{${entries.map(([k, v]) => `${jsonString(k)}:${v}`).join(',')}}`),
  ),
})).value;

/** Nested `depth` times: deeper than any document a surface takes. */
export function deeplyNested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Raw bodies that break parsers rather than schemas. */
export const HOSTILE_BODIES: ReadonlyArray<{ contentType: string; body: string | Uint8Array }> = [
  { contentType: 'application/json', body: '{"__proto__":{"polluted":"yes"}}' },
  { contentType: 'application/json', body: '{"constructor":{"prototype":{"polluted":"yes"}}}' },
  { contentType: 'application/json', body: '{"a":1e309}' },
  { contentType: 'application/json', body: '{"name":"\\u0000"}' },
  { contentType: 'application/json', body: '{"friendly_name":"\\ud800"}' },
  { contentType: 'application/json', body: deeplyNested(5_000) },
  { contentType: 'application/json', body: '{"a":' },
  { contentType: 'application/json', body: '' },
  { contentType: 'application/json', body: '[]' },
  { contentType: 'application/json', body: '"text"' },
  { contentType: 'application/json', body: 'null' },
  { contentType: 'application/json', body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]) },
  { contentType: 'application/json; charset=utf-16', body: '{"a":1}' },
  { contentType: 'application/x-www-form-urlencoded', body: '__proto__[polluted]=yes&constructor[prototype][polluted]=yes' },
  { contentType: 'application/x-www-form-urlencoded', body: '__proto__=x&__proto__=y&constructor=z' },
  { contentType: 'application/x-www-form-urlencoded', body: 'FriendlyName=%00&VoiceUrl=%ED%A0%80&a=%' },
  { contentType: 'application/x-www-form-urlencoded', body: 'a=&'.repeat(20_000) },
  { contentType: 'text/plain', body: 'hello' },
  { contentType: 'application/xml', body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>' },
  { contentType: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--' },
];

/** Request headers whose values Dialtone reads. */
export const HOSTILE_HEADERS: ReadonlyArray<Record<string, string>> = [
  { 'x-request-id': 'r'.repeat(5_000) },
  { 'x-request-id': 'has spaces and "quotes"' },
  { 'idempotency-key': 'k'.repeat(1_000) },
  { 'idempotency-key': ' ' },
  { authorization: 'Basic %%%' },
  { authorization: `Basic ${Buffer.from('\u0000:\u0000').toString('base64')}` },
  { authorization: 'Bearer ' },
  { authorization: `Bearer ${'k'.repeat(8_000)}` },
  { 'x-api-key': '\u00ff' },
  { 'x-organization-id': '__proto__' },
];
