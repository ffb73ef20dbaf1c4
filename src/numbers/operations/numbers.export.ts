import { principalOf } from '../../auth/auth.hooks.js';
import { exportAnswer } from '../../exports/export-stream.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { resolveSort } from '../list-query.js';
import { NUMBERS_EXPORT } from '../numbers-csv.js';
import { ExportBodySchema, ExportQuerySchema, LIST_PARAMETERS, toFilters } from '../numbers.schemas.js';

export const numbersExport = defineOperation({
  name: 'numbers.export',
  method: 'GET',
  path: '/v1/phone-numbers/export',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'Export phone numbers',
  description:
    "Every number matching the list's filters, in its sort's order (newest first by default), streamed as it is read. " +
    "CSV has the import's columns with a header row (tags and capabilities joined by ;), so the file imports elsewhere as it is; " +
    "cells a spreadsheet would run as formulas are prefixed with ' (the import takes it off). NDJSON has one number a line, as the list shows it.",
  tags: ['Phone numbers'],
  schema: { querystring: ExportQuerySchema, response: { 200: ExportBodySchema, ...problems(400, 401, 403) } },
  commaSeparated: LIST_PARAMETERS,
  handler: async (request, { numbers }) => {
    const q = request.query;
    const options = { filters: toFilters(q), sort: resolveSort(q.sort, q.order) };
    return exportAnswer(await numbers.export(principalOf(request).organizationId, options, q.format ?? 'csv'), NUMBERS_EXPORT);
  },
});
