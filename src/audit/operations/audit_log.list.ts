import { principalOf } from '../../auth/auth.hooks.js';
import { pageNewestFirst } from '../../http/created-cursor.js';
import { defineOperation } from '../../http/operation.js';
import { CursorPage, problems } from '../../http/schema-kit.js';
import { AUDIT_PAGE_SIZE, AuditListQuery, AuditRecordSchema, toAuditFilter, toAuditRecord } from '../audit.schemas.js';

export const auditLogList = defineOperation({
  name: 'audit_log.list',
  method: 'GET',
  path: '/v1/audit-log',
  access: { scopes: ['audit:read'] },
  summary: "List the organization's audit log",
  description:
    'Who changed what, who was refused what, and who read this log: newest first, by cursor. ' +
    'Each read is itself recorded, after its first page is read: the next read shows it.',
  tags: ['Audit log'],
  schema: {
    querystring: AuditListQuery,
    response: { 200: CursorPage(AuditRecordSchema, 'Audit records, newest first.'), ...problems(400, 401, 403) },
  },
  handler: async (request, { audit, cursors }) => {
    const reader = { organizationId: principalOf(request).organizationId };
    const filter = toAuditFilter(request.query);
    return pageNewestFirst(cursors, request.query, AUDIT_PAGE_SIZE, (limit, after) => audit.list(reader, filter, limit, after), toAuditRecord);
  },
});
