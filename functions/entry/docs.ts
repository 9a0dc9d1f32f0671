import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConsoleAssets } from '../http/console-assets';
import { docsHandlers } from '../http/handlers/docs-handlers';
import { createHttpFunction } from '../http/lambda-http';
import { httpOptions } from './http-options';

// The synth step builds the console into `console/` beside this bundle (lib/api.ts): in
// Lambda that is the task root. Found on the first console request, not at load.
const consoleDir = () => join(process.env.LAMBDA_TASK_ROOT ?? dirname(fileURLToPath(import.meta.url)), 'console');

export const handler = createHttpFunction(
  docsHandlers({ consoleAssets: () => readConsoleAssets(consoleDir()) }),
  httpOptions(),
);
