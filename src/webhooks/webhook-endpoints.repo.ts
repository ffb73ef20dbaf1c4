import { sql, type Kysely, type Updateable } from 'kysely';
import { createdBefore, NEWEST_FIRST, type CreatedCursor } from '../db/created-order.js';
import type { Database, WebhookEndpointRow, WebhookEndpointsTable } from '../db/schema.js';

const now = () => sql<Date>`now()` as unknown as Date;

/** The one writer of webhook_endpoints. Every method is scoped to an organization. */
export class WebhookEndpointsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  insert(endpoint: {
    organization_id: string;
    url: string;
    description: string | null;
    event_types: string[];
    enabled: boolean;
    secret: string;
  }): Promise<WebhookEndpointRow> {
    return this.db.insertInto('webhook_endpoints').values(endpoint).returningAll().executeTakeFirstOrThrow();
  }

  get(organizationId: string, id: string): Promise<WebhookEndpointRow | undefined> {
    return this.db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  }

  list(organizationId: string, limit: number, after?: CreatedCursor): Promise<WebhookEndpointRow[]> {
    let query = this.db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', organizationId).orderBy(NEWEST_FIRST).limit(limit);
    if (after) query = query.where(createdBefore(after));
    return query.execute();
  }

  update(
    organizationId: string,
    id: string,
    changes: Pick<Updateable<WebhookEndpointsTable>, 'url' | 'description' | 'event_types' | 'enabled' | 'disabled_reason' | 'failing_since'>,
  ): Promise<WebhookEndpointRow | undefined> {
    return this.db
      .updateTable('webhook_endpoints')
      .set({ ...changes, updated_at: now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('webhook_endpoints').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /**
   * A new secret; the current one becomes the previous, signing too until the grace period
   * ends (none: it stops at once). One statement, so two rotations cannot lose a secret between them.
   */
  rotateSecret(organizationId: string, id: string, sealedSecret: string, graceSeconds: number): Promise<WebhookEndpointRow | undefined> {
    return this.db
      .updateTable('webhook_endpoints')
      .set((eb) => ({
        secret: sealedSecret,
        previous_secret: graceSeconds > 0 ? eb.ref('secret') : null,
        previous_secret_expires_at: graceSeconds > 0 ? sql<Date>`now() + make_interval(secs => ${graceSeconds})` as unknown as Date : null,
        updated_at: now(),
      }))
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** A delivery succeeded: the endpoint is no longer failing. Written only when it was, so success costs nothing. */
  async clearFailing(organizationId: string, ids: readonly string[]): Promise<void> {
    await this.db
      .updateTable('webhook_endpoints')
      .set({ failing_since: null })
      .where('organization_id', '=', organizationId)
      .where('id', 'in', ids)
      .where('failing_since', 'is not', null)
      .execute();
  }

  /** A delivery failed: the endpoint is failing from now if it was not already. Answers for how many seconds it has been. */
  async markFailing(organizationId: string, id: string): Promise<number | null> {
    const row = await this.db
      .updateTable('webhook_endpoints')
      .set({ failing_since: sql<Date>`coalesce(failing_since, now())` as unknown as Date })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .returning(sql<string>`extract(epoch from now() - failing_since)`.as('failing_seconds'))
      .executeTakeFirst();
    return row ? Number(row.failing_seconds) : null;
  }

  /** Disables an enabled endpoint with the reason; undefined when it was disabled (or gone) already. */
  disable(organizationId: string, id: string, reason: string): Promise<WebhookEndpointRow | undefined> {
    return this.db
      .updateTable('webhook_endpoints')
      .set({ enabled: false, disabled_reason: reason, updated_at: now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .where('enabled', '=', true)
      .returningAll()
      .executeTakeFirst();
  }
}
