import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { textArrayParser } from './text-array.js';

const TEXT_ARRAY: number = 1009;
const general = pg.types.getTypeParser(TEXT_ARRAY, 'text') as (value: string) => unknown;
const parse = textArrayParser(general);

/** Text forms as a Postgres 15 server writes them (SELECT ...::text[]), plain and awkward. */
const WRITTEN = [
  '{}',
  '{voice}',
  '{voice,sms,mms}',
  '{support,campaign-7,=x,ünï}',
  '{a,"b c","","NULL",NULL,"x,y","q\\"q","b\\\\s","{z}","null",ünï," lead","tab\t",=x,"a\\"b"}',
  '{NULL}',
  '{"NULL"}',
  '{NULL,a}',
  '{{a,b},{c,d}}',
  '[0:1]={a,b}',
];

describe('textArrayParser', () => {
  it.each(WRITTEN)('reads %s as the general parser does', (text) => {
    expect(parse(text)).toEqual(general(text));
  });

  it('splits plain words itself and leaves the rest to the general parser', () => {
    const calls: string[] = [];
    const counting = textArrayParser((value) => (calls.push(value), general(value)));
    expect(counting('{voice,sms}')).toEqual(['voice', 'sms']);
    expect(counting('{}')).toEqual([]);
    expect(calls).toEqual([]);
    expect(counting('{NULL,a}')).toEqual([null, 'a']);
    expect(counting('{"a b"}')).toEqual(['a b']);
    expect(calls).toEqual(['{NULL,a}', '{"a b"}']);
  });
});
