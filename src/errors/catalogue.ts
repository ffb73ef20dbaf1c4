/**
 * The closed catalogue of errors Dialtone can answer with. Services throw AppError through
 * the factories below; each API surface renders them in its own shape. The HTTP status of
 * every code is decided once, in httpStatusOf.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_phone_number'
  | 'unauthenticated'
  | 'insufficient_scope'
  | 'admin_disabled'
  | 'not_found'
  | 'number_already_held'
  | 'deletion_locked'
  | 'invalid_status_transition'
  | 'number_released'
  | 'release_in_progress'
  | 'assigned_elsewhere'
  | 'concurrent_update'
  | 'carrier_account_in_use'
  | 'address_in_use'
  | 'webhook_endpoint_disabled'
  | 'idempotency_key_reused'
  | 'count_mismatch'
  | 'job_not_active'
  | 'already_in_group'
  | 'number_unavailable'
  | 'carrier_rejected'
  | 'carrier_unavailable'
  | 'egress_refused'
  | 'order_interrupted'
  | 'secrets_disabled'
  | 'database_unavailable'
  | 'overloaded'
  | 'internal';

export interface ErrorDetails {
  /** The query or path parameter at fault, by its wire name. */
  parameter?: string;
  /** RFC 6901 pointer into the request body at fault. */
  pointer?: string;
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly title: string,
    readonly detail: string,
    readonly details: ErrorDetails = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'validation_failed':
    case 'invalid_phone_number':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'insufficient_scope':
    case 'admin_disabled':
      return 403;
    case 'not_found':
      return 404;
    case 'number_already_held':
    case 'deletion_locked':
    case 'invalid_status_transition':
    case 'number_released':
    case 'release_in_progress':
    case 'assigned_elsewhere':
    case 'concurrent_update':
    case 'carrier_account_in_use':
    case 'address_in_use':
    case 'webhook_endpoint_disabled':
    case 'number_unavailable':
    case 'count_mismatch':
    case 'job_not_active':
    case 'already_in_group':
      return 409;
    case 'idempotency_key_reused':
    // Dialtone, not the destination, refused: nothing was sent, and the same call will be
    // refused again until what it points at (a carrier account's base_url) is changed.
    case 'egress_refused':
      return 422;
    case 'carrier_rejected':
      return 502;
    case 'carrier_unavailable':
    case 'order_interrupted':
    case 'secrets_disabled':
    case 'database_unavailable':
    case 'overloaded':
      return 503;
    case 'internal':
      return 500;
  }
}

/**
 * How long a client should wait before retrying, in seconds, for errors that pass by
 * themselves (sent as Retry-After by every surface); undefined for the others.
 */
export function retryAfterSecondsOf(code: ErrorCode): number | undefined {
  if (code === 'database_unavailable') return 5;
  if (code === 'overloaded') return 5;
  return undefined;
}

export const errors = {
  validation(detail: string, where: ErrorDetails = {}) {
    return new AppError('validation_failed', 'Invalid request', detail, where);
  },
  payloadTooLarge(limitBytes: number) {
    return new AppError('payload_too_large', 'Payload too large', `The request body is larger than ${limitBytes} bytes.`, { pointer: '/' });
  },
  unsupportedMediaType() {
    return new AppError(
      'unsupported_media_type',
      'Unsupported media type',
      'This Content-Type is not accepted here: send JSON (application/json), or a form where the API takes one.',
      { parameter: 'Content-Type' },
    );
  },
  invalidPhoneNumber(detail: string, where: ErrorDetails = {}) {
    return new AppError('invalid_phone_number', 'Invalid phone number', detail, where);
  },
  unauthenticated(detail = 'A valid API key is required: send it as "Authorization: Bearer <key>" or "X-API-Key: <key>".') {
    return new AppError('unauthenticated', 'Unauthenticated', detail);
  },
  insufficientScope(required: readonly string[]) {
    return new AppError(
      'insufficient_scope',
      'Insufficient scope',
      `This API key lacks the scope this operation needs: ${required.join(', ')}.`,
      { required_scopes: [...required] },
    );
  },
  adminDisabled() {
    return new AppError(
      'admin_disabled',
      'Operator endpoints disabled',
      'Operator endpoints are disabled because DIALTONE_ADMIN_TOKEN is not set on this server.',
    );
  },
  notFound(resource: string, id: string, where: ErrorDetails = {}) {
    return new AppError('not_found', 'Not found', `No ${resource} with id "${id}" exists in this organization.`, where);
  },
  numberAlreadyHeld(number: string) {
    return new AppError(
      'number_already_held',
      'Number already held',
      `${number} is already held by an organization on this platform; release it there first.`,
      { pointer: '/number' },
    );
  },
  deletionLocked(number: string) {
    return new AppError(
      'deletion_locked',
      'Deletion locked',
      `${number} has deletion_lock enabled; turn the lock off before releasing it.`,
    );
  },
  invalidStatusTransition(from: string, to: string, allowed: readonly string[]) {
    const options = allowed.length ? `allowed from ${from}: ${allowed.join(', ')}` : `${from} is final`;
    return new AppError(
      'invalid_status_transition',
      'Invalid status transition',
      `A number cannot go from ${from} to ${to} (${options}).`,
      { pointer: '/status', from, to, allowed: [...allowed] },
    );
  },
  /** The number was released from the organization: it can no longer be changed or assigned. */
  numberReleased(number: string, refused: string) {
    return new AppError('number_released', 'Number released', `${number} was released from this organization; it can no longer be ${refused}.`);
  },
  /** The number's release is under way (release_pending): nothing else may change it meanwhile. */
  releaseInProgress(number: string, refused: string) {
    return new AppError('release_in_progress', 'Release in progress', `${number} is being released; it cannot be ${refused} while the release is under way.`);
  },
  assignedElsewhere(number: string, agentId: string) {
    return new AppError(
      'assigned_elsewhere',
      'Assigned elsewhere',
      `${number} is already assigned to agent ${agentId}; free it before assigning it again.`,
      { assigned_agent_id: agentId },
    );
  },
  /** Another change to the same resource won a race several times over: read it again and retry. */
  concurrentUpdate(what: string) {
    return new AppError('concurrent_update', 'Concurrent update', `${what} changed while this request applied; read it again and retry.`);
  },
  carrierAccountInUse() {
    return new AppError(
      'carrier_account_in_use',
      'Carrier account in use',
      'Numbers were ordered through this carrier account; it is kept so they can be released through it.',
    );
  },
  /** Numbers still use the address: it is kept while they do. */
  addressInUse(id: string, numbers: number) {
    return new AppError(
      'address_in_use',
      'Address in use',
      `${numbers} held number${numbers === 1 ? ' uses' : 's use'} address ${id}; point ${numbers === 1 ? 'it' : 'them'} at another address first.`,
    );
  },
  /** A disabled endpoint is sent nothing: it must be enabled again first. */
  webhookEndpointDisabled(id: string) {
    return new AppError(
      'webhook_endpoint_disabled',
      'Webhook endpoint disabled',
      `Webhook endpoint "${id}" is disabled and is sent nothing; enable it (PATCH enabled: true) first.`,
    );
  },
  idempotencyKeyReused(key: string) {
    return new AppError(
      'idempotency_key_reused',
      'Idempotency key reused',
      `Idempotency-Key "${key}" was already used with a different request body; use a new key for a new request.`,
      { parameter: 'Idempotency-Key' },
    );
  },
  /** A bulk job's filter matches another count than the client expected: nothing is done. */
  countMismatch(expected: number, matched: number) {
    return new AppError(
      'count_mismatch',
      'Count mismatch',
      `The filter matches ${matched} numbers now, not the ${expected} expected; nothing was changed. Check the filter (a dry run lists what it matches) and send expected_count: ${matched} to go ahead.`,
      { pointer: '/expected_count', expected_count: expected, matched_count: matched },
    );
  },
  /** A bulk job asked to do what its state does not allow (cancel a finished job, retry a running one). */
  jobNotActive(id: string, status: string, refused: string) {
    return new AppError('job_not_active', 'Job state conflict', `Bulk job "${id}" is ${status}; it cannot be ${refused}.`, { job_status: status });
  },
  /** A number is in a group once: adding it again is refused rather than made a second membership. */
  alreadyInGroup(number: string, groupId: string) {
    return new AppError('already_in_group', 'Already in the group', `${number} is already in number group "${groupId}".`, { pointer: '/phone_number_id' });
  },
  numberUnavailable(number: string, reason = 'it is no longer available') {
    return new AppError('number_unavailable', 'Number unavailable', `${number} cannot be bought: ${reason}.`);
  },
  /** The carrier answered, and said no (bad credentials, unknown number, refused order). */
  carrierRejected(carrier: string, detail: string, carrierStatus?: number) {
    return new AppError('carrier_rejected', 'Carrier rejected the request', `${carrier}: ${detail}`, {
      carrier,
      ...(carrierStatus !== undefined ? { carrier_status: carrierStatus } : {}),
    });
  },
  /** The carrier did not answer usefully in time (timeout, network failure, 5xx): worth retrying later. */
  carrierUnavailable(carrier: string, detail: string) {
    return new AppError('carrier_unavailable', 'Carrier unavailable', `${carrier} could not be reached: ${detail}. Retry later.`, {
      carrier,
    });
  },
  /** An outbound call Dialtone will not make: the destination is not public, not https, or not the carrier's. */
  egressRefused(host: string, reason: string) {
    return new AppError('egress_refused', 'Destination refused', `Dialtone does not call ${host}: ${reason}.`, { host });
  },
  /** A purchase cut short by a restart; the number was not bought and may be ordered again. */
  orderInterrupted(number: string, detail: string) {
    return new AppError('order_interrupted', 'Order interrupted', `${number} was not bought: ${detail}. Order it again.`);
  },
  /** What cannot be stored is named: carrier credentials by default, or e.g. a port-out PIN. */
  secretsDisabled(what = 'Carrier credentials') {
    return new AppError(
      'secrets_disabled',
      'Secret storage disabled',
      `${what} cannot be stored because` +
        ' DIALTONE_SECRET_KEY is not set on this server ' +
        '(32 random bytes as 64 hex characters, e.g. from `openssl rand -hex 32`).',
    );
  },
  /** The database cannot be reached or is too busy to take the query now: worth retrying shortly. */
  databaseUnavailable(reason: string) {
    return new AppError('database_unavailable', 'Database unavailable', `The database is unavailable (${reason}). Retry shortly.`);
  },
  /** Shed before any work: the server is short of event-loop time or memory. */
  overloaded() {
    return new AppError('overloaded', 'Server overloaded', 'Dialtone is overloaded at the moment. Retry shortly.');
  },
  internal() {
    return new AppError('internal', 'Internal error', 'An unexpected error occurred; it has been logged with this request id.');
  },
};
