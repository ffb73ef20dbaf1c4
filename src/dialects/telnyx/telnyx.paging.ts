/** A page of a Telnyx list as its clients ask for it: `page[number]` from 1, `page[size]` 20 unless given. */
export interface TelnyxPage {
  number: number;
  size: number;
  /** How many rows come before the page. */
  offset: number;
  /** Telnyx's page meta for a list of total results. */
  meta(total: number): { total_results: number; total_pages: number; page_number: number; page_size: number };
}

/** Telnyx's page parameters; page 0, as its SDKs send it, is the first page. */
export function telnyxPage(page: { number?: number; size?: number } | undefined): TelnyxPage {
  const number = page?.number || 1;
  const size = page?.size || 20;
  return {
    number,
    size,
    offset: (number - 1) * size,
    meta: (total) => ({ total_results: total, total_pages: Math.ceil(total / size), page_number: number, page_size: size }),
  };
}
