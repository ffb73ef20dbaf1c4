import { loadConfig, type Config } from '../config/config.js';
import { openDialtone, type Dialtone } from '../app.js';

/** Opens Dialtone for one CLI command and always closes it. */
export async function withDialtone<T>(run: (dialtone: Dialtone) => Promise<T>, overrides: Partial<Config> = {}): Promise<T> {
  const config = loadConfig(process.env, { logLevel: 'warn', ...overrides });
  const dialtone = await openDialtone(config);
  try {
    return await run(dialtone);
  } finally {
    await dialtone.close();
  }
}
