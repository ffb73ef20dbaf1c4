import { changesBetween, type AuditNote } from '../changes/journal.js';
import type { CursorSigner } from '../cursors/cursor-signer.js';
import type { Consequence, JournaledRepos, Transact } from '../db/unit-of-work.js';
import { isUuid } from '../db/uuid.js';
import { errors } from '../errors/catalogue.js';
import { decodeCreatedCursor, encodeCreatedCursor } from '../http/created-cursor.js';
import type { PhoneNumberRecord } from '../numbers/phone-number.js';
import { GROUP_NAME_MAX_LENGTH, type GroupPage, type GroupPaging, type NumberGroup, type NumberGroupInput, type NumberGroupMembership } from './number-group.js';
import type { ListWindow, NumberGroupsRepo } from './number-groups.repo.js';

export interface NumberGroupRepos {
  groups: NumberGroupsRepo;
}

/** What a group's audit records show of it. */
function settingsOf(group: NumberGroup | null): Record<string, unknown> | null {
  return group ? { name: group.name, sticky_sender: group.sticky_sender } : null;
}

function groupAudit(action: string, before: NumberGroup | null, after: NumberGroup | null): AuditNote {
  const group = (after ?? before)!;
  return {
    organizationId: group.organization_id,
    action: `number_group.${action}`,
    resourceType: 'number_group',
    resourceId: group.id,
    changes: changesBetween(settingsOf(before), settingsOf(after)),
  };
}

/** What a membership's audit record tells of it: the membership, its group, and its number. */
type AuditedMembership = Pick<NumberGroupMembership, 'id' | 'organization_id' | 'number_group_id'> & {
  phone_number: Pick<NumberGroupMembership['phone_number'], 'id' | 'number'>;
};

/** A membership added or removed: a change of the group (no event of the number tells of it). */
function membershipAudit(action: 'member_added' | 'member_removed', membership: AuditedMembership): AuditNote {
  const shown = { membership_id: membership.id, phone_number_id: membership.phone_number.id };
  return {
    organizationId: membership.organization_id,
    action: `number_group.${action}`,
    resourceType: 'number_group',
    resourceId: membership.number_group_id,
    phoneNumber: membership.phone_number.number,
    changes: action === 'member_added' ? changesBetween(null, shown) : changesBetween(shown, null),
  };
}

/**
 * A released number leaves every group it was in, in the release's own unit of work: each
 * membership removed as a client's removal is (its group changed, an audit record of it), so
 * no group keeps a number its organization no longer holds. A consequence of every unit of work
 * (app.ts), so whichever path moves a number to released (a release, a carrier's completion, an
 * abandoned purchase) takes its memberships with it.
 */
export const releasedNumbersLeaveGroups: Consequence<NumberGroupRepos & JournaledRepos> = async ({ groups, journal }, changes) => {
  for (const change of changes) {
    const movedToReleased = change.type.startsWith('phone_number.') && change.data.status === 'released' && change.previousAttributes?.status !== undefined;
    if (!movedToReleased) continue;
    const number = { id: change.resourceId, number: change.phoneNumber ?? String(change.data.number) };
    for (const membership of await groups.removeNumber(change.organizationId, change.resourceId)) {
      await groups.update(change.organizationId, membership.number_group_id, {});
      journal.audit(membershipAudit('member_removed', { ...membership, phone_number: number }));
    }
  }
};

function checkName(name: string | undefined): void {
  if (name === undefined) return;
  if (!name.trim() || name.length > GROUP_NAME_MAX_LENGTH) {
    throw errors.validation(`name must be 1 to ${GROUP_NAME_MAX_LENGTH} characters, not only spaces.`, { pointer: '/name' });
  }
}

/**
 * Number groups: named groups of an organization's numbers, and the memberships that put a
 * number in a group. A group and its memberships are the group's own: adding or removing a
 * number changes the group, not the number, and is recorded in the audit log in the same unit
 * of work. Only the organization's held numbers can be added; a released number leaves every
 * group it was in.
 */
export class NumberGroupsService {
  constructor(
    private readonly groups: NumberGroupsRepo,
    private readonly transact: Transact<NumberGroupRepos & JournaledRepos>,
    private readonly cursors: CursorSigner,
  ) {}

  async create(organizationId: string, input: NumberGroupInput): Promise<NumberGroup> {
    checkName(input.name);
    return this.transact(async ({ groups, journal }) => {
      const group = await groups.insert(organizationId, { name: input.name, sticky_sender: input.sticky_sender ?? false });
      journal.audit(groupAudit('created', null, group));
      return group;
    });
  }

  async get(organizationId: string, id: string): Promise<NumberGroup> {
    return this.existingGroup(this.groups, organizationId, id);
  }

  /** Newest first, optionally only those whose name contains nameContains. */
  async list(organizationId: string, paging: GroupPaging, nameContains?: string): Promise<GroupPage<NumberGroup>> {
    return this.page(paging, (window) => this.groups.list(organizationId, window, nameContains));
  }

  async update(organizationId: string, id: string, changes: Partial<NumberGroupInput>): Promise<NumberGroup> {
    checkName(changes.name);
    return this.transact(async ({ groups, journal }) => {
      const before = await this.existingGroup(groups, organizationId, id);
      const fields = {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.sticky_sender !== undefined ? { sticky_sender: changes.sticky_sender } : {}),
      };
      await groups.update(organizationId, id, fields);
      const after = await this.existingGroup(groups, organizationId, id);
      journal.audit(groupAudit('updated', before, after));
      return after;
    });
  }

  /** Deletes the group with its memberships; the numbers stay as they are. */
  async delete(organizationId: string, id: string): Promise<void> {
    await this.transact(async ({ groups, journal }) => {
      const before = await this.existingGroup(groups, organizationId, id);
      await groups.delete(organizationId, id);
      journal.audit(groupAudit('deleted', before, null));
    });
  }

  /**
   * Adds one of the organization's held numbers to the group. Another organization's number,
   * or a released one, is not found; a number already in the group is refused (409).
   */
  async addMember(organizationId: string, groupId: string, phoneNumberId: string): Promise<NumberGroupMembership> {
    return this.transact(async ({ groups, journal }) => {
      await this.existingGroup(groups, organizationId, groupId);
      const id = isUuid(phoneNumberId) ? await groups.addMember(organizationId, groupId, phoneNumberId) : undefined;
      if (!id) {
        const existing = isUuid(phoneNumberId) ? await groups.findMember(organizationId, groupId, phoneNumberId) : undefined;
        if (existing) throw errors.alreadyInGroup(existing.phone_number.number, groupId);
        throw errors.notFound('phone number', phoneNumberId, { pointer: '/phone_number_id' });
      }
      await groups.update(organizationId, groupId, {});
      const membership = (await groups.getMember(organizationId, id))!;
      journal.audit(membershipAudit('member_added', membership));
      return membership;
    });
  }

  async getMember(organizationId: string, id: string): Promise<NumberGroupMembership> {
    return this.existingMember(this.groups, organizationId, id);
  }

  /** The group's memberships of held numbers, newest first; an unknown group is not found. */
  async listMembers(organizationId: string, groupId: string, paging: GroupPaging): Promise<GroupPage<NumberGroupMembership>> {
    await this.existingGroup(this.groups, organizationId, groupId);
    return this.page(paging, (window) => this.groups.listMembers(organizationId, groupId, window));
  }

  /** Takes the number out of its group; the number itself does not change. */
  async removeMember(organizationId: string, id: string): Promise<void> {
    await this.transact(async ({ groups, journal }) => {
      const membership = await this.existingMember(groups, organizationId, id);
      await groups.removeMember(organizationId, id);
      await groups.update(organizationId, membership.number_group_id, {});
      journal.audit(membershipAudit('member_removed', membership));
    });
  }

  /** One page: limit + 1 rows read, the extra one telling whether another page follows. */
  private async page<T extends { created_at: Date; id: string }>(paging: GroupPaging, load: (window: ListWindow) => Promise<T[]>): Promise<GroupPage<T>> {
    const after = paging.cursor ? decodeCreatedCursor(this.cursors, paging.cursor) : undefined;
    const rows = await load({ limit: paging.limit + 1, ...(after ? { after } : { offset: paging.offset ?? 0 }) });
    const data = rows.slice(0, paging.limit);
    const last = data.at(-1);
    const hasMore = rows.length > paging.limit && last !== undefined;
    return { data, hasMore, nextCursor: hasMore ? encodeCreatedCursor(this.cursors, last.created_at, last.id) : null };
  }

  private async existingGroup(groups: NumberGroupsRepo, organizationId: string, id: string): Promise<NumberGroup> {
    const group = isUuid(id) ? await groups.get(organizationId, id) : undefined;
    if (!group) throw errors.notFound('number group', id);
    return group;
  }

  private async existingMember(groups: NumberGroupsRepo, organizationId: string, id: string): Promise<NumberGroupMembership> {
    const membership = isUuid(id) ? await groups.getMember(organizationId, id) : undefined;
    if (!membership) throw errors.notFound('number group membership', id);
    return membership;
  }
}

