import type { FastifyRequest } from 'fastify';
import { httpStatusOf, type AppError, type ErrorCode } from '../errors/catalogue.js';
import { causeOf } from '../http/cause.js';
import type { AuditService } from './audit.service.js';
import { resourceOfRoute } from './route-resource.js';

/**
 * The refusals the audit log keeps: a missing scope, a resource that is not the caller's (or
 * does not exist), and a change the rules refused (409 and 422 codes). Not kept: input the
 * caller got wrong (400), and failures of Dialtone or its carriers (5xx), which are not a
 * caller's attempt being refused.
 */
export function isAuditedRefusal(code: ErrorCode): boolean {
  if (code === 'insufficient_scope') return true;
  const status = httpStatusOf(code);
  return status === 404 || status === 409 || status === 422;
}

/**
 * What every surface's routes call with the catalogue error they answer with, before the
 * answer is sent (server.ts's root onError hook): a refusal of an authenticated caller is
 * filed under its organization, the operator's under none. An anonymous caller is not
 * recorded: there is no organization to file it under, and recording every unauthenticated
 * request would let anyone fill the log. The record never changes the answer: a failure to
 * write it is logged, and the answer goes out as it would have.
 */
export function recordRefusals(audit: AuditService) {
  return async (request: FastifyRequest, error: AppError): Promise<void> => {
    if (!isAuditedRefusal(error.code)) return;
    const cause = causeOf(request);
    if (cause.actor.type !== 'api_key' && cause.actor.type !== 'operator') return;
    const template = request.routeOptions.url ?? request.url;
    const action = request.routeOptions.config.operation?.name ?? `${cause.surface}:${request.method} ${template}`;
    try {
      await audit.recordRefusal(request.principal?.organizationId ?? null, cause, {
        action,
        errorCode: error.code,
        resource: resourceOfRoute(template, request.params),
      });
    } catch (err) {
      request.log.error({ err, code: error.code }, 'the audit record of a refused request could not be written');
    }
  };
}
