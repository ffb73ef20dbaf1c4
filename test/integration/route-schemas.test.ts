import { expect, it } from 'vitest';
import { startTestApp } from '../support/harness.js';

// Route schemas compile on their first use, so a schema that cannot compile would otherwise
// show only at its route's first request.
it('every route schema of every API surface compiles', async () => {
  const app = await startTestApp('pglite');
  try {
    expect(app.http.compileSchemas()).toBeGreaterThan(100);
    expect(app.http.compileSchemas()).toBe(0);
  } finally {
    await app.close();
  }
});
