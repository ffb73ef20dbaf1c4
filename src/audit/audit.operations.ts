import type { Operation } from '../http/operation.js';
import { auditLogExport } from './operations/audit_log.export.js';
import { auditLogExportAll } from './operations/audit_log.export_all.js';
import { auditLogList } from './operations/audit_log.list.js';
import { auditLogListAll } from './operations/audit_log.list_all.js';

/** Reading the audit log: an organization's, by its keys; everyone's, by the operator. */
export const AUDIT_OPERATIONS: readonly Operation[] = [auditLogList, auditLogExport, auditLogListAll, auditLogExportAll];
