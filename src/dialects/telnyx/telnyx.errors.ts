import { httpStatusOf, type ErrorCode, type ErrorDetails } from '../../errors/catalogue.js';

/** Telnyx's error code and title for each HTTP status Dialtone answers with. */
const BY_STATUS: Record<number, { code: string; title: string }> = {
  400: { code: '10015', title: 'Bad Request' },
  401: { code: '10009', title: 'Authentication failed' },
  403: { code: '10010', title: 'Authorization failed' },
  404: { code: '10005', title: 'Resource not found' },
  413: { code: '10015', title: 'Request entity too large' },
  415: { code: '10015', title: 'Unsupported media type' },
  422: { code: '10015', title: 'Unprocessable entity' },
  500: { code: '10007', title: 'Unexpected error' },
  502: { code: '10007', title: 'Upstream carrier error' },
  503: { code: '10011', title: 'Service unavailable' },
};

/** Telnyx answers a bad body (or a refused change) with 422, a bad query with 400. */
function statusOf(code: ErrorCode, details: ErrorDetails): number {
  const status = httpStatusOf(code);
  if (status === 409 || (status === 400 && details.pointer !== undefined)) return 422;
  return status;
}

/** A catalogue error as Telnyx tells it: the HTTP status, and the entry of its errors[] (also a failed operation's errors of a job). */
export function telnyxError(code: ErrorCode, detail: string, details: ErrorDetails = {}) {
  const status = statusOf(code, details);
  const { code: telnyxCode, title } = BY_STATUS[status] ?? BY_STATUS[500]!;
  const { parameter, pointer } = details;
  const source = pointer !== undefined ? { pointer } : parameter !== undefined ? { parameter } : undefined;
  return {
    status,
    entry: { code: telnyxCode, title, detail, ...(source ? { source } : {}), meta: { url: `https://developers.telnyx.com/docs/overview/errors/${telnyxCode}` } },
  };
}
