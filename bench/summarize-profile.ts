/**
 * Summarizes a saved .cpuprofile (from `npm run bench -- --profile` or `node --cpu-prof`) in ms
 * per delivery: npm run bench:profile -- <file.cpuprofile> <deliveries>
 */
import { readFileSync } from 'fs';

import { type CpuProfile, summarizeProfile } from './profiler';

const [file, deliveries] = process.argv.slice(2);
if (!file || !(Number(deliveries) > 0)) {
	console.error('usage: npm run bench:profile -- <file.cpuprofile> <deliveries>');
	process.exit(1);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
console.log(JSON.stringify(summarizeProfile(profile, Number(deliveries), { top: 30 }), null, 2));
