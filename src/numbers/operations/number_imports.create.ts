import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { CsvImportBodySchema, CsvImportResultSchema, toCsvImportResource } from '../numbers.schemas.js';

export const numberImportsCreate = defineOperation({
  name: 'number_imports.create',
  method: 'POST',
  path: '/v1/phone-numbers/imports',
  access: { scopes: ['phone_numbers:write'] },
  summary: 'Import numbers from a CSV, or check the CSV first (dry_run)',
  description:
    'The CSV `dialtone numbers import` reads (and the export writes), up to 2,000 rows: send a larger file in parts, ' +
    'each with its header row. The valid rows are imported together, all or none; a row that cannot be read, whose ' +
    'number is not valid, is given twice, or is held by anyone is left out and listed with its line and why. With ' +
    '`dry_run` nothing is written and the answer says what the import would do now. A column the import does not know, ' +
    'or a CSV that cannot be parsed, is a 400 on `/csv`.',
  tags: ['Phone numbers'],
  schema: { body: CsvImportBodySchema, response: { 200: CsvImportResultSchema, ...problems(400, 401, 403) } },
  handler: async (request, { numbers }) => {
    const dryRun = request.body.dry_run ?? false;
    const result = await numbers.importCsv(principalOf(request).organizationId, request.body.csv, { dryRun });
    return toCsvImportResource(result, dryRun);
  },
});
