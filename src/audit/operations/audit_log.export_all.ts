import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { AdminAuditExportQuery, AuditExportBody, toAuditFilter } from '../audit.schemas.js';
import { exportAnswer } from '../../exports/export-stream.js';
import { AUDIT_EXPORT } from '../audit-export.js';

export const auditLogExportAll = defineOperation({
  name: 'audit_log.export_all',
  method: 'GET',
  path: '/v1/admin/audit-log/export',
  access: 'operator',
  summary: "Export every organization's audit log",
  description: "The operator's export: as /v1/audit-log/export, over every organization (organization_id narrows it to one).",
  tags: ['Operator'],
  schema: { querystring: AdminAuditExportQuery, response: { 200: AuditExportBody, ...problems(400, 401, 403) } },
  handler: async (request, { audit }) => {
    const format = request.query.format ?? 'ndjson';
    return exportAnswer({ format, batches: await audit.export('operator', toAuditFilter(request.query)) }, AUDIT_EXPORT);
  },
});
