import type { Operation } from '../http/operation.js';
import { numberGroupMembershipsCreate } from './operations/number_group_memberships.create.js';
import { numberGroupMembershipsDelete } from './operations/number_group_memberships.delete.js';
import { numberGroupMembershipsGet } from './operations/number_group_memberships.get.js';
import { numberGroupMembershipsList } from './operations/number_group_memberships.list.js';
import { numberGroupsCreate } from './operations/number_groups.create.js';
import { numberGroupsDelete } from './operations/number_groups.delete.js';
import { numberGroupsGet } from './operations/number_groups.get.js';
import { numberGroupsList } from './operations/number_groups.list.js';
import { numberGroupsUpdate } from './operations/number_groups.update.js';

/** The number group operations, in the order the OpenAPI document lists them. */
export const NUMBER_GROUPS_OPERATIONS: readonly Operation[] = [
  numberGroupsCreate,
  numberGroupsList,
  numberGroupsGet,
  numberGroupsUpdate,
  numberGroupsDelete,
  numberGroupMembershipsCreate,
  numberGroupMembershipsList,
  numberGroupMembershipsGet,
  numberGroupMembershipsDelete,
];
