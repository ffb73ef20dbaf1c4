import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { currentApiTypes, GENERATED } from '../../web/scripts/generate-api.js';

/** The first line where two texts differ, with its number, or null when they are the same. */
function firstDifference(committed: string, current: string): string | null {
  if (committed === current) return null;
  const [a, b] = [committed.split('\n'), current.split('\n')];
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? '(end of file)')}, current ${JSON.stringify(b[at] ?? '(end of file)')}`;
}

// The console is typed against web/src/api/openapi.d.ts: a route whose schema changed without
// the file being written again would leave the console compiling against an API that is gone.
it("the console's API types are those of the server's current OpenAPI document", async () => {
  const [committed, current] = await Promise.all([readFile(GENERATED, 'utf8'), currentApiTypes()]);
  expect(firstDifference(committed, current), `${GENERATED} is not the server's current API: run npm run console:api`).toBeNull();
});
