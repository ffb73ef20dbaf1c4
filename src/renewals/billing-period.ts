/**
 * One billing period is one calendar month in UTC. A period starting on the 31st ends on
 * the last day of a shorter month, and the day is kept from the original anchor, so a
 * number bought on 31 January renews on 28/29 February, then 31 March.
 */
export function addMonths(date: Date, months: number, anchorDay = date.getUTCDate()): Date {
  const target = new Date(date.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(anchorDay, lastDay));
  return target;
}

/** The end of the period that starts at start, for a number first bought at purchasedAt. */
export function periodEnd(start: Date, purchasedAt: Date): Date {
  return addMonths(start, 1, purchasedAt.getUTCDate());
}
