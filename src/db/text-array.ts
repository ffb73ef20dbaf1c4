/**
 * A text[] column's text form ({a,b,"c d"}) read into strings. Postgres quotes an element that
 * is empty, reads NULL, or holds a quote, a backslash, a brace, a comma or white space; an
 * array of plain words (tags, capabilities: nearly every array Dialtone reads) is therefore its
 * elements between commas, and is split as such. Anything else (a quoted or NULL element, a
 * nested array, explicit bounds) goes to the general parser, which reads every form.
 */
export function textArrayParser(general: (value: string) => unknown): (value: string) => unknown {
  return (value) => {
    if (value.charCodeAt(0) !== OPEN_BRACE) return general(value);
    const inner = value.slice(1, -1);
    if (inner === '') return [];
    if (NEEDS_GENERAL.test(inner)) return general(value);
    const elements = inner.split(',');
    return elements.includes('NULL') ? general(value) : elements;
  };
}

const OPEN_BRACE = 0x7b;
/** Characters of a quoted element or a nested array. */
const NEEDS_GENERAL = /["\\{}]/;
