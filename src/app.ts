import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { ApiKeysRepo } from './auth/api-keys.repo.js';
import { ApiKeysService } from './auth/api-keys.service.js';
import type { Config } from './config/config.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrate } from './db/migrate.js';
import { registerDialects } from './dialects/registry.js';
import { createHttpServer } from './http/server.js';
import { NumbersRepo } from './numbers/numbers.repo.js';
import { numbersRoutes } from './numbers/numbers.routes.js';
import { NumbersService } from './numbers/numbers.service.js';
import { OrgsRepo } from './orgs/orgs.repo.js';
import { orgsRoutes } from './orgs/orgs.routes.js';
import { OrgsService } from './orgs/orgs.service.js';

/** The composition root: the one place that wires database, repositories, services and routes. */
export interface Services {
  orgs: OrgsService;
  keys: ApiKeysService;
  numbers: NumbersService;
}

export interface Dialtone {
  config: Config;
  database: DatabaseHandle;
  services: Services;
  logger: Logger;
  close(): Promise<void>;
}

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel });
}

export async function openDialtone(config: Config, options: { schema?: string; logger?: Logger } = {}): Promise<Dialtone> {
  const logger = options.logger ?? createLogger(config);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    schema: options.schema,
  });
  try {
    const applied = await migrate(database.db);
    if (applied.length) logger.info({ applied }, 'applied migrations');
  } catch (error) {
    await database.close();
    throw error;
  }
  const db = database.db;
  const services: Services = {
    orgs: new OrgsService(new OrgsRepo(db)),
    keys: new ApiKeysService(new ApiKeysRepo(db)),
    numbers: new NumbersService(new NumbersRepo(db)),
  };
  return { config, database, services, logger, close: () => database.close() };
}

export async function buildHttp(dialtone: Dialtone): Promise<FastifyInstance> {
  const app = await createHttpServer(dialtone.logger);
  const { services, config } = dialtone;
  await app.register(orgsRoutes, { orgs: services.orgs, keys: services.keys, adminToken: config.adminToken });
  await app.register(numbersRoutes, { numbers: services.numbers, keys: services.keys, adminToken: config.adminToken });
  await registerDialects(app, services);
  await app.ready();
  return app;
}
