import { Type } from 'typebox';
import { CursorPageQuery, E164, Nullable, StringEnum, Timestamp, Uuid } from '../http/schema-kit.js';
import { CAPABILITIES } from '../numbers/vocabulary.js';
import { GROUP_NAME_MAX_LENGTH, type NumberGroup, type NumberGroupMembership } from './number-group.js';

/** The native /v1 shapes of number groups and their memberships. */

const Name = Type.String({ minLength: 1, maxLength: GROUP_NAME_MAX_LENGTH, description: 'Your name for the group.', example: 'Support lines' });
const StickySender = Type.Boolean({
  description: 'Whether messages to one recipient keep going out from the same number of the group, rather than from any of them.',
  example: false,
});

export const NumberGroupSchema = Type.Object({
  id: Uuid('The group id.'),
  object: Type.Literal('number_group', { description: 'Always number_group.' }),
  name: Name,
  sticky_sender: StickySender,
  phone_number_count: Type.Integer({ minimum: 0, description: 'How many held numbers are in the group.', example: 4 }),
  created_at: Timestamp('When it was created.'),
  updated_at: Timestamp('When it, or its membership, last changed.'),
});

export const NumberGroupMembershipSchema = Type.Object({
  id: Uuid('The membership id.'),
  object: Type.Literal('number_group_membership', { description: 'Always number_group_membership.' }),
  number_group_id: Uuid('The group the number is in.'),
  phone_number: Type.Object(
    {
      id: Uuid('The phone number id.'),
      number: E164,
      friendly_name: Nullable(Type.String({ description: 'Your name for the number.', example: 'Front desk' })),
      capabilities: Type.Array(StringEnum(CAPABILITIES, { description: 'A capability.', example: 'voice' }), {
        description: 'What the number can do.',
        example: ['voice', 'sms'],
      }),
    },
    { description: 'The number in the group.' },
  ),
  created_at: Timestamp('When the number was added.'),
  updated_at: Timestamp('When the membership last changed.'),
});

export const CreateNumberGroupBody = Type.Object(
  { name: Name, sticky_sender: Type.Optional(StickySender) },
  { additionalProperties: false },
);

export const UpdateNumberGroupBody = Type.Object(
  { name: Type.Optional(Name), sticky_sender: Type.Optional(StickySender) },
  { additionalProperties: false, minProperties: 1 },
);

export const AddMemberBody = Type.Object(
  { phone_number_id: Uuid('A number of your organization, by its id; released numbers cannot be added.') },
  { additionalProperties: false },
);

export const GroupIdParams = Type.Object({ id: Uuid('The group id.') }, { additionalProperties: false });
export const MembershipIdParams = Type.Object({ id: Uuid('The membership id.') }, { additionalProperties: false });

export const GROUPS_PAGE_SIZE = 50;
const PageQuery = CursorPageQuery(GROUPS_PAGE_SIZE, 1000);

export const GroupsPageQuery = Type.Object(
  {
    ...PageQuery.properties,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: GROUP_NAME_MAX_LENGTH, description: 'Only groups whose name contains this, in any case.', example: 'support' })),
  },
  { additionalProperties: false },
);
export const MembersPageQuery = PageQuery;

export function toGroupResource(group: NumberGroup) {
  return {
    id: group.id,
    object: 'number_group' as const,
    name: group.name,
    sticky_sender: group.sticky_sender,
    phone_number_count: group.phone_number_count,
    created_at: group.created_at.toISOString(),
    updated_at: group.updated_at.toISOString(),
  };
}

export function toMembershipResource(membership: NumberGroupMembership) {
  return {
    id: membership.id,
    object: 'number_group_membership' as const,
    number_group_id: membership.number_group_id,
    phone_number: { ...membership.phone_number },
    created_at: membership.created_at.toISOString(),
    updated_at: membership.updated_at.toISOString(),
  };
}

/** A page as the native lists answer it. */
export function toListPage<T, R>(page: { data: T[]; hasMore: boolean; nextCursor: string | null }, render: (item: T) => R) {
  return { object: 'list' as const, data: page.data.map(render), has_more: page.hasMore, next_cursor: page.nextCursor };
}
