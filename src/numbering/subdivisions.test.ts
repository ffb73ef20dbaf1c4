import { describe, expect, it } from 'vitest';
import { locate, regionsOf } from './geography.js';
import { subdivisionOf } from './subdivisions.js';

describe('subdivisions of places outside North America and Brazil', () => {
  // Each subdivision's seat lies in it: one check of every GeoNames-to-ISO 3166-2 pairing against the gazetteer itself.
  const seats: Array<[string, string, string]> = [
    ['DE', 'Stuttgart', 'BW'], ['DE', 'Munich', 'BY'], ['DE', 'Bremen', 'HB'], ['DE', 'Hamburg', 'HH'], ['DE', 'Wiesbaden', 'HE'],
    ['DE', 'Hannover', 'NI'], ['DE', 'Düsseldorf', 'NW'], ['DE', 'Mainz', 'RP'], ['DE', 'Saarbrücken', 'SL'], ['DE', 'Kiel', 'SH'],
    ['DE', 'Potsdam', 'BB'], ['DE', 'Schwerin', 'MV'], ['DE', 'Dresden', 'SN'], ['DE', 'Magdeburg', 'ST'], ['DE', 'Erfurt', 'TH'],
    ['DE', 'Berlin', 'BE'],
    ['FR', 'Paris', 'IDF'], ['FR', 'Orléans', 'CVL'], ['FR', 'Dijon', 'BFC'], ['FR', 'Rouen', 'NOR'], ['FR', 'Lille', 'HDF'],
    ['FR', 'Strasbourg', 'GES'], ['FR', 'Nantes', 'PDL'], ['FR', 'Rennes', 'BRE'], ['FR', 'Bordeaux', 'NAQ'], ['FR', 'Toulouse', 'OCC'],
    ['FR', 'Lyon', 'ARA'], ['FR', 'Marseille', 'PAC'], ['FR', 'Ajaccio', '20R'],
    ['AU', 'Canberra', 'ACT'], ['AU', 'Sydney', 'NSW'], ['AU', 'Darwin', 'NT'], ['AU', 'Adelaide', 'SA'], ['AU', 'Hobart', 'TAS'],
    ['AU', 'Melbourne', 'VIC'],
    ['GB', 'London', 'ENG'], ['GB', 'Edinburgh', 'SCT'], ['GB', 'Cardiff', 'WLS'], ['GB', 'Belfast', 'NIR'],
  ];
  it.each(seats)('%s: %s is in %s', (country, seat, region) => {
    // A prefix outside the numbering plan's area table, so only the gazetteer speaks.
    expect(subdivisionOf(country, '0', [seat])).toEqual({ region, whole: false });
  });

  it('uses the numbering plan where an area code lies in one subdivision, or narrows the candidates', () => {
    expect(subdivisionOf('AU', '740083', ['Lockhart River'])).toEqual({ region: 'QLD', whole: false });
    expect(subdivisionOf('GB', '2871', ['Londonderry'])).toEqual({ region: 'NIR', whole: false });
    // Perth is a city in Western Australia and a town in Tasmania: the 08 area code tells them apart.
    expect(subdivisionOf('AU', '89', ['Perth'])).toEqual({ region: 'WA', whole: false });
    expect(subdivisionOf('AU', '363', ['Perth'])).toEqual({ region: 'TAS', whole: false });
  });

  it('tells an entry naming a whole subdivision from a city-state', () => {
    expect(subdivisionOf('GB', '281', ['Northern Ireland'])).toEqual({ region: 'NIR', whole: true });
    expect(subdivisionOf('DE', '40', ['Hamburg'])).toEqual({ region: 'HH', whole: false });
  });

  it('reads the places a shared entry lists, and leaves unknown or ambiguous names without a region', () => {
    expect(subdivisionOf('GB', '1434', ['Bellingham/Haltwhistle/Hexham'])).toEqual({ region: 'ENG', whole: false });
    expect(subdivisionOf('GB', '1248', ['Bangor (Gwynedd)'])?.region).toBe('WLS');
    expect(subdivisionOf('DE', '30', ['Nirgendwo am See'])).toBeNull();
    expect(subdivisionOf('GB', '1633', ['Newport'])).toBeNull();
  });

  it('places numbers: every region the data knows is a short ISO 3166-2 code', () => {
    expect(locate('DE', '8912345678')).toEqual({ city: 'München', region: 'BY' });
    expect(locate('FR', '144556677')?.region).toBe('IDF');
    expect(locate('GB', '1412345678')).toEqual({ city: 'Glasgow', region: 'SCT' });
    for (const country of ['GB', 'DE', 'FR', 'AU']) {
      const regions = [...regionsOf(country)];
      expect(regions.length, country).toBeGreaterThan(3);
      for (const region of regions) expect(region).toMatch(/^[A-Z0-9]{2,3}$/);
    }
  });
});
