import type { AppError } from './catalogue.js';
import { httpStatusOf } from './catalogue.js';

/** The native renderer: RFC 9457 problem details. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id: string;
  [extension: string]: unknown;
}

export function toProblem(error: AppError, requestId: string): Problem {
  return {
    type: `urn:dialtone:error:${error.code}`,
    title: error.title,
    status: httpStatusOf(error.code),
    detail: error.detail,
    code: error.code,
    ...error.details,
    request_id: requestId,
  };
}
