// Builds the admin console into a folder: `tsx bin/build-console.ts <dir>`. The CDK stack runs
// it after bundling the docs function, which serves the files from that folder.
import { writeConsole } from '../console/build';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: tsx bin/build-console.ts <output folder>');
  process.exit(2);
}
const files = await writeConsole(dir);
console.log(`console: ${files.length} files in ${dir}`);
