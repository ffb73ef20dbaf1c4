import { Kysely, type CompiledQuery, type Dialect } from 'kysely';
import { ApiKeysPlatformRepo } from '../src/auth/api-keys.platform.repo.js';
import { ApiKeysRepo } from '../src/auth/api-keys.repo.js';
import { ApiKeysService } from '../src/auth/api-keys.service.js';
import type { Database } from '../src/db/schema.js';
import { unitOfWork } from '../src/db/unit-of-work.js';
import { CursorKeysRepo } from '../src/cursors/cursor-keys.repo.js';
import { CursorSigner } from '../src/cursors/cursor-signer.js';
import { SecretBox } from '../src/secrets/secret-box.js';
import { NumbersPlatformRepo } from '../src/numbers/numbers.platform.repo.js';
import { NumbersRepo } from '../src/numbers/numbers.repo.js';
import { NumbersService, type ListOptions, type NumberChanges } from '../src/numbers/numbers.service.js';

/**
 * The baseline runs Dialtone's own SQL: each statement is captured here by running the real
 * services over a Kysely that records what it executes. Slots name the parameters that
 * change per request (the key hash, an id, a number).
 */
export interface Statement {
  sql: string;
  parameters: unknown[];
  slots: Record<string, number[]>;
}

export interface BaselineSpec {
  auth: Statement;
  retrieve: Statement;
  lookup: Statement;
  update: Statement;
  /** Exact request path and query of each list request, and its statement. */
  lists: Record<string, Statement>;
}

export interface CaptureInput {
  key: string;
  organizationId: string;
  sample: { id: string; number: string; status: string };
  patch: NumberChanges;
  lists: Array<{ path: string; options: ListOptions }>;
}

function statement(query: CompiledQuery, slotValues: Record<string, unknown> = {}): Statement {
  const parameters = [...query.parameters];
  const slots: Record<string, number[]> = {};
  for (const [name, value] of Object.entries(slotValues)) {
    slots[name] = parameters.flatMap((p, i) => (p === value ? [i] : []));
    if (slots[name]!.length === 0) throw new Error(`captured SQL has no parameter for ${name}: ${query.sql}`);
  }
  return { sql: query.sql, parameters, slots };
}

/** Runs each operation once through the services against the database, keeping its SQL. */
export async function captureBaselineSpec(dialect: Dialect, input: CaptureInput): Promise<BaselineSpec> {
  const queries: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect,
    log: (event) => {
      if (event.level === 'query') queries.push(event.query);
    },
  });
  const take = () => queries.splice(0);
  try {
    const keys = new ApiKeysService(new ApiKeysRepo(db), new ApiKeysPlatformRepo(db), unitOfWork(db, (trx) => ({ keys: new ApiKeysRepo(trx) })));
    // A rename is one statement: the UPDATE at the version read, with the journal's event and
    // audit record. The baseline runs that statement; at the version it was captured at, it
    // writes each number's first rename, as Dialtone does (a rename to the same name again
    // writes nothing in either).
    const transact = unitOfWork(db, (trx, journal) => ({ numbers: new NumbersRepo(trx, journal) }));
    // The server's cursor key: the deep page's cursor was sealed with it.
    const cursors = new CursorSigner(await new CursorKeysRepo(db).cursorKey());
    const numbers = new NumbersService(new NumbersRepo(db), new NumbersPlatformRepo(db), transact, { clock: () => new Date(), cursors, secrets: new SecretBox(null) });
    take(); // the key's read is not one of the statements captured
    const { organizationId: org, sample } = input;

    await keys.authenticate(input.key);
    // The first statement finds the key by its hash (a touch of last_used_at may follow).
    const [authQuery] = take();
    const hash = authQuery!.parameters.find((p) => typeof p === 'string' && /^[0-9a-f]{64}$/.test(p));
    const auth = statement(authQuery!, { hash });

    await numbers.get(org, sample.id);
    const retrieve = statement(take()[0]!, { id: sample.id });

    await numbers.lookup(org, sample.number);
    const lookup = statement(take()[0]!, { number: sample.number });

    await numbers.update(org, sample.id, input.patch);
    const updateQuery = take().find((q) => /update "?phone_numbers"?/i.test(q.sql));
    if (!updateQuery) throw new Error('the rename ran no UPDATE of phone_numbers');
    const update = statement(updateQuery, { id: sample.id });

    const lists: Record<string, Statement> = {};
    for (const list of input.lists) {
      await numbers.list(org, list.options);
      lists[list.path] = statement(take()[0]!);
    }
    return { auth, retrieve, lookup, update, lists };
  } finally {
    await db.destroy();
  }
}
