import type { Capability } from '../numbers/vocabulary.js';

/** The longest name a number group may carry (the database checks it too). */
export const GROUP_NAME_MAX_LENGTH = 255;

/** A named group of an organization's numbers. */
export interface NumberGroup {
  id: string;
  organization_id: string;
  name: string;
  /** Whether messages to one recipient keep going out from the same number of the group. */
  sticky_sender: boolean;
  /** How many held numbers the group has (a released number is no longer in it). */
  phone_number_count: number;
  created_at: Date;
  updated_at: Date;
}

/** The number of a membership, as a group shows it. */
export interface GroupMember {
  id: string;
  /** E.164. */
  number: string;
  friendly_name: string | null;
  capabilities: Capability[];
}

/** One number in one group. */
export interface NumberGroupMembership {
  id: string;
  organization_id: string;
  number_group_id: string;
  phone_number: GroupMember;
  created_at: Date;
  updated_at: Date;
}

/** What a client gives to create a group, or to change one (all optional then). */
export interface NumberGroupInput {
  name: string;
  sticky_sender?: boolean;
}

/**
 * Which page of a list: the first `limit` rows, after a cursor (the last row of the page
 * before) or past `offset` rows (the page-numbered paging of SignalWire's lists).
 */
export interface GroupPaging {
  limit: number;
  cursor?: string;
  offset?: number;
}

export interface GroupPage<T> {
  data: T[];
  hasMore: boolean;
  /** The cursor of the next page, or null on the last. */
  nextCursor: string | null;
}
