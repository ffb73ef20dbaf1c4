/**
 * The form place names are compared in, everywhere numbers are searched or located by place:
 * case-, accent- and punctuation-insensitive, with ß as ss (as German spells it without), so
 * "Saint-Étienne", "saint etienne" and "Straße"/"Strasse" each meet their other spelling.
 */
export function placeKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
