import { pageNewestFirst } from '../../http/created-cursor.js';
import { defineOperation } from '../../http/operation.js';
import { CursorPage, problems } from '../../http/schema-kit.js';
import { AdminAuditListQuery, AUDIT_PAGE_SIZE, AuditRecordSchema, toAuditFilter, toAuditRecord } from '../audit.schemas.js';

export const auditLogListAll = defineOperation({
  name: 'audit_log.list_all',
  method: 'GET',
  path: '/v1/admin/audit-log',
  access: 'operator',
  summary: "List every organization's audit log",
  description:
    "The operator's view: every organization's records (organization_id narrows it to one) and the operator's own, " +
    'newest first, by cursor. Each read is recorded as the operator\'s, under no organization.',
  tags: ['Operator'],
  schema: {
    querystring: AdminAuditListQuery,
    response: { 200: CursorPage(AuditRecordSchema, 'Audit records, newest first.'), ...problems(400, 401, 403) },
  },
  handler: async (request, { audit, cursors }) => {
    const filter = toAuditFilter(request.query);
    return pageNewestFirst(cursors, request.query, AUDIT_PAGE_SIZE, (limit, after) => audit.list('operator', filter, limit, after), toAuditRecord);
  },
});
