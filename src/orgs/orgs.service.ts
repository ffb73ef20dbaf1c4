import { changesBetween } from '../changes/journal.js';
import type { CreatedCursor } from '../db/created-order.js';
import type { OrganizationRow } from '../db/schema.js';
import type { JournaledRepos, Transact } from '../db/unit-of-work.js';
import { isUuid } from '../db/uuid.js';
import { errors } from '../errors/catalogue.js';
import type { OrgsRepo } from './orgs.repo.js';

export type Organization = OrganizationRow & { account_sid: string };

/** Every organization has a Twilio-style account sid: AC and the 32 hex digits of its id. */
export function accountSidOf(organizationId: string): string {
  return `AC${organizationId.replace(/-/g, '')}`;
}

export function organizationIdOfSid(accountSid: string): string | null {
  const hex = /^AC([0-9a-f]{32})$/i.exec(accountSid)?.[1]?.toLowerCase();
  if (!hex) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function withSid(row: OrganizationRow): Organization {
  return { ...row, account_sid: accountSidOf(row.id) };
}

export interface OrgRepos {
  orgs: OrgsRepo;
}

/** Organizations: created by the operator, each one's creation recorded in its own audit log. */
export class OrgsService {
  constructor(
    private readonly repo: OrgsRepo,
    private readonly transact: Transact<OrgRepos & JournaledRepos>,
  ) {}

  async create(name: string): Promise<Organization> {
    const trimmed = name.trim();
    if (!trimmed) throw errors.validation('An organization needs a name.', { pointer: '/name' });
    const row = await this.transact(async ({ orgs, journal }) => {
      const created = await orgs.insert(trimmed);
      journal.audit({
        organizationId: created.id,
        action: 'organization.created',
        resourceType: 'organization',
        resourceId: created.id,
        changes: changesBetween(null, { name: created.name }),
      });
      return created;
    });
    return withSid(row);
  }

  async get(id: string): Promise<Organization> {
    const row = isUuid(id) ? await this.repo.findById(id) : undefined;
    if (!row) throw errors.notFound('organization', id);
    return withSid(row);
  }

  /** Every organization, newest first. */
  async list(limit: number, after?: CreatedCursor): Promise<Organization[]> {
    return (await this.repo.list(limit, after)).map(withSid);
  }

  count(): Promise<number> {
    return this.repo.count();
  }
}
