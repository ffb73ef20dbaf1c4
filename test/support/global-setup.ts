import type { TestProject } from 'vitest/node';
import { postgresAvailable, TEST_DATABASE_URL } from './postgres.js';
import { embeddedTemplate, postgresTemplate, templateKey, type Templates } from './templates.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templates: Templates;
  }
}

/** Migrates the templates the test databases start from, once for the whole run. */
export default async function setup(project: TestProject): Promise<void> {
  const key = templateKey();
  const templates: Templates = { embedded: await embeddedTemplate(key) };
  // DIALTONE_TEST_POSTGRES_TEMPLATE=off: each test file migrates a schema of its own (the PgBouncer test's runs).
  if (postgresAvailable && process.env.DIALTONE_TEST_POSTGRES_TEMPLATE !== 'off') {
    try {
      templates.postgres = await postgresTemplate(TEST_DATABASE_URL, key);
    } catch (error) {
      // A role that may not create databases: each test file migrates a schema of its own.
      console.warn(`[dialtone tests] no template database on the test server (${(error as Error).message}): migrating a schema per test file`);
    }
  }
  project.provide('templates', templates);
}
