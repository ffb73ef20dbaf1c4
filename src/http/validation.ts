import type { FastifyError } from 'fastify';
import { AppError, errors } from '../errors/catalogue.js';

interface AjvIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** The wire name of the field an issue is about: "limit" for /limit, "voice.url" for /voice/url. */
function fieldOf(issue: AjvIssue): string {
  const extra = issue.keyword === 'additionalProperties' ? `/${String(issue.params.additionalProperty)}` : '';
  return `${issue.instancePath}${extra}`.replace(/^\//, '').replace(/\//g, '.');
}

function describe(issue: AjvIssue, field: string, place: string): string {
  switch (issue.keyword) {
    case 'additionalProperties':
      return `Unknown ${place} "${field}".`;
    case 'required':
      return `Missing ${place} "${[field, String(issue.params.missingProperty)].filter(Boolean).join('.')}".`;
    case 'enum':
      return `${field} must be one of: ${(issue.params.allowedValues as unknown[]).join(', ')}.`;
    default:
      return `${field || place} ${issue.message ?? 'is invalid'}.`;
  }
}

/**
 * Turns a schema-validation failure into the catalogue's validation error, naming the query
 * parameter or the body pointer at fault. Every API surface renders it in its own shape.
 */
export function fromValidationError(error: FastifyError): AppError {
  const issue = error.validation?.[0] as AjvIssue | undefined;
  const context = error.validationContext ?? 'body';
  if (!issue) return errors.validation(error.message);
  const field = fieldOf(issue);
  const missing = issue.keyword === 'required' ? String(issue.params.missingProperty) : '';
  if (context === 'body') {
    const pointer = `${issue.instancePath}${field && !issue.instancePath && !missing ? `/${field}` : ''}${missing ? `/${missing}` : ''}`;
    return errors.validation(describe(issue, field, 'field'), { pointer: pointer || '/' });
  }
  const place = context === 'querystring' ? 'query parameter' : context === 'params' ? 'path parameter' : 'header';
  const parameter = (missing || field).split('.')[0] ?? '';
  return errors.validation(describe(issue, field, place), { parameter });
}
