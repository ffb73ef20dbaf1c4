import type { CsvDownloadRow } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import { errors } from '../errors/catalogue.js';
import type { CsvDownloadsRepo } from './csv-downloads.repo.js';

/**
 * CSV downloads: a request for a CSV of the organization's numbers, kept with its filters so
 * the file can be fetched later. Nothing is written ahead: the file is the export of the
 * numbers as they are when it is fetched, so a download is complete as soon as it exists.
 */
export class CsvDownloadsService {
  constructor(private readonly repo: CsvDownloadsRepo) {}

  create(organizationId: string, csvFormat: CsvDownloadRow['csv_format'], filter: Record<string, unknown>): Promise<CsvDownloadRow> {
    return this.repo.insert(organizationId, csvFormat, filter);
  }

  /** Another organization's download, or an id that is no download's, is not found. */
  async get(organizationId: string, id: string): Promise<CsvDownloadRow> {
    const row = isUuid(id) ? await this.repo.findById(organizationId, id) : undefined;
    if (!row) throw errors.notFound('csv download', id);
    return row;
  }

  async page(organizationId: string, pageNumber: number, size: number): Promise<{ data: CsvDownloadRow[]; total: number }> {
    const [data, total] = await Promise.all([this.repo.listByOffset(organizationId, (pageNumber - 1) * size, size), this.repo.count(organizationId)]);
    return { data, total };
  }
}
