import { sql, type Kysely } from 'kysely';
import { createdBefore, NEWEST_FIRST, type CreatedCursor } from '../db/created-order.js';
import type { Database } from '../db/schema.js';
import type { GroupMember, NumberGroup, NumberGroupMembership } from './number-group.js';

const now = () => sql<Date>`now()` as unknown as Date;

/** Which rows of a list: `limit` of them, after a cursor or past `offset` rows. */
export interface ListWindow {
  limit: number;
  after?: CreatedCursor;
  offset?: number;
}

interface MembershipRow {
  id: string;
  organization_id: string;
  number_group_id: string;
  created_at: Date;
  updated_at: Date;
  phone_number_id: string;
  number: string;
  friendly_name: string | null;
  capabilities: GroupMember['capabilities'];
}

function toMembership(row: MembershipRow): NumberGroupMembership {
  const { phone_number_id, number, friendly_name, capabilities, ...membership } = row;
  return { ...membership, phone_number: { id: phone_number_id, number, friendly_name, capabilities } };
}

/**
 * The one writer of number_groups and number_group_memberships; every method is scoped to an
 * organization. A membership is shown only while its number is held: every read joins the
 * number, in the same organization, and leaves released ones out. A number moved to released
 * loses its memberships in the same unit of work (releasedNumbersLeaveGroups); the reads'
 * condition holds all the same.
 */
export class NumberGroupsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** The groups of an organization, each with how many held numbers it has. */
  private groups(organizationId: string) {
    return this.db
      .selectFrom('number_groups')
      .selectAll('number_groups')
      .select((eb) =>
        eb
          .selectFrom('number_group_memberships as m')
          .innerJoin('phone_numbers as p', 'p.id', 'm.phone_number_id')
          .whereRef('m.number_group_id', '=', 'number_groups.id')
          .where('m.organization_id', '=', organizationId)
          .where('p.organization_id', '=', organizationId)
          .where('p.status', '<>', 'released')
          .select(sql<number>`count(*)::int`.as('count'))
          .as('phone_number_count'),
      )
      .where('number_groups.organization_id', '=', organizationId);
  }

  private memberships(organizationId: string) {
    return this.db
      .selectFrom('number_group_memberships as m')
      .innerJoin('phone_numbers as p', 'p.id', 'm.phone_number_id')
      .select(['m.id', 'm.organization_id', 'm.number_group_id', 'm.created_at', 'm.updated_at'])
      .select(['p.id as phone_number_id', 'p.number', 'p.friendly_name', 'p.capabilities'])
      .where('m.organization_id', '=', organizationId)
      .where('p.organization_id', '=', organizationId)
      .where('p.status', '<>', 'released');
  }

  async insert(organizationId: string, group: { name: string; sticky_sender: boolean }): Promise<NumberGroup> {
    const row = await this.db
      .insertInto('number_groups')
      .values({ organization_id: organizationId, ...group })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ...row, phone_number_count: 0 };
  }

  async get(organizationId: string, id: string): Promise<NumberGroup | undefined> {
    const row = await this.groups(organizationId).where('number_groups.id', '=', id).executeTakeFirst();
    return row ? { ...row, phone_number_count: row.phone_number_count ?? 0 } : undefined;
  }

  /** Newest first; nameContains matches a part of the name, whatever its case. */
  async list(organizationId: string, window: ListWindow, nameContains?: string): Promise<NumberGroup[]> {
    let query = this.groups(organizationId).orderBy(NEWEST_FIRST).limit(window.limit);
    if (window.after) query = query.where(createdBefore(window.after));
    if (window.offset) query = query.offset(window.offset);
    if (nameContains) query = query.where(sql<boolean>`strpos(lower(number_groups.name), lower(${nameContains})) > 0`);
    const rows = await query.execute();
    return rows.map((row) => ({ ...row, phone_number_count: row.phone_number_count ?? 0 }));
  }

  /** Changes the fields given; the group's updated_at moves on even when none is (a membership changed). */
  async update(organizationId: string, id: string, changes: { name?: string; sticky_sender?: boolean }): Promise<boolean> {
    const result = await this.db
      .updateTable('number_groups')
      .set({ ...changes, updated_at: now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Deletes the group and its memberships (the foreign key cascades). */
  async delete(organizationId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('number_groups').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /**
   * Puts a held number of the organization in one of its groups, in one statement: nothing is
   * written when either is not the organization's, the number is released, or it is in the
   * group already. Answers the new membership's id, or undefined when nothing was written.
   * The number is share-locked, so a release writing it meanwhile is waited for and its status
   * read again: a number released then is not added (its release took it out of its groups).
   */
  async addMember(organizationId: string, groupId: string, phoneNumberId: string): Promise<string | undefined> {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO number_group_memberships (organization_id, number_group_id, phone_number_id)
      SELECT g.organization_id, g.id, p.id
        FROM number_groups g, phone_numbers p
       WHERE g.organization_id = ${organizationId} AND g.id = ${groupId}
         AND p.organization_id = ${organizationId} AND p.id = ${phoneNumberId} AND p.status <> 'released'
         FOR SHARE OF p
      ON CONFLICT (number_group_id, phone_number_id) DO NOTHING
      RETURNING id`.execute(this.db);
    return rows[0]?.id;
  }

  /** The membership of a number in a group, while the number is held. */
  async findMember(organizationId: string, groupId: string, phoneNumberId: string): Promise<NumberGroupMembership | undefined> {
    const row = await this.memberships(organizationId).where('m.number_group_id', '=', groupId).where('m.phone_number_id', '=', phoneNumberId).executeTakeFirst();
    return row ? toMembership(row) : undefined;
  }

  async getMember(organizationId: string, id: string): Promise<NumberGroupMembership | undefined> {
    const row = await this.memberships(organizationId).where('m.id', '=', id).executeTakeFirst();
    return row ? toMembership(row) : undefined;
  }

  /** A group's memberships of held numbers, newest first. */
  async listMembers(organizationId: string, groupId: string, window: ListWindow): Promise<NumberGroupMembership[]> {
    let query = this.memberships(organizationId)
      .where('m.number_group_id', '=', groupId)
      .orderBy(sql`date_trunc('milliseconds', m.created_at) desc, m.id desc`)
      .limit(window.limit);
    if (window.after) {
      query = query.where(sql<boolean>`(date_trunc('milliseconds', m.created_at), m.id) < (${window.after.createdAt}::timestamptz, ${window.after.id}::uuid)`);
    }
    if (window.offset) query = query.offset(window.offset);
    return (await query.execute()).map(toMembership);
  }

  /**
   * Takes a number out of every group it is in (it was released): the memberships removed,
   * each with its group, for their audit records.
   */
  async removeNumber(organizationId: string, phoneNumberId: string): Promise<Pick<NumberGroupMembership, 'id' | 'organization_id' | 'number_group_id'>[]> {
    return this.db
      .deleteFrom('number_group_memberships')
      .where('organization_id', '=', organizationId)
      .where('phone_number_id', '=', phoneNumberId)
      .returning(['id', 'organization_id', 'number_group_id'])
      .execute();
  }

  async removeMember(organizationId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('number_group_memberships').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
