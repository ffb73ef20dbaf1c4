import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { AuditExportBody, AuditExportQuery, toAuditFilter } from '../audit.schemas.js';
import { exportAnswer } from '../../exports/export-stream.js';
import { AUDIT_EXPORT } from '../audit-export.js';

export const auditLogExport = defineOperation({
  name: 'audit_log.export',
  method: 'GET',
  path: '/v1/audit-log/export',
  access: { scopes: ['audit:read'] },
  summary: "Export the organization's audit log",
  description:
    'Every record matching the filters, newest first, streamed as it is read: NDJSON (the records as the list shows them) ' +
    'or CSV with a header row (nested fields flattened, changes as JSON, cells a spreadsheet would run as formulas prefixed with \'). ' +
    'The export is recorded once its first records are read; it never shows itself.',
  tags: ['Audit log'],
  schema: { querystring: AuditExportQuery, response: { 200: AuditExportBody, ...problems(400, 401, 403) } },
  handler: async (request, { audit }) => {
    const format = request.query.format ?? 'ndjson';
    const batches = await audit.export({ organizationId: principalOf(request).organizationId }, toAuditFilter(request.query));
    return exportAnswer({ format, batches }, AUDIT_EXPORT);
  },
});
