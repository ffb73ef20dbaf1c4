import { loadConfig, type Config } from '../config/config.js';
import { openDialtone, type Dialtone } from '../app.js';
import { withCause } from '../changes/cause.js';

/**
 * Opens Dialtone for one CLI command and always closes it. Whoever runs the command holds the
 * database: what it changes is recorded as the operator's doing, through the cli surface.
 */
export async function withDialtone<T>(run: (dialtone: Dialtone) => Promise<T>, overrides: Partial<Config> = {}): Promise<T> {
  const config = loadConfig(process.env, { logLevel: 'warn', ...overrides });
  const dialtone = await openDialtone(config);
  try {
    return await withCause({ surface: 'cli', actor: { type: 'operator' } }, () => run(dialtone));
  } finally {
    await dialtone.close();
  }
}
