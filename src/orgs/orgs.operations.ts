import type { Operation } from '../http/operation.js';
import { apiKeysCreate } from './operations/api_keys.create.js';
import { apiKeysCurrent } from './operations/api_keys.current.js';
import { apiKeysList } from './operations/api_keys.list.js';
import { apiKeysRevoke } from './operations/api_keys.revoke.js';
import { orgsCreate } from './operations/orgs.create.js';
import { orgsGet } from './operations/orgs.get.js';
import { orgsList } from './operations/orgs.list.js';

/** The operator's operations on organizations and their API keys, and a key's view of itself. */
export const ORGS_OPERATIONS: readonly Operation[] = [orgsCreate, orgsGet, apiKeysCreate, orgsList, apiKeysList, apiKeysRevoke, apiKeysCurrent];
