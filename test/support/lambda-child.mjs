// Runs one Lambda bundle in this fresh Node process, the way a Lambda instance would: imports
// it (timing module initialisation), then invokes its handler with each event in turn,
// timing each call. Usage: node lambda-child.mjs <bundle> [events.json] [result.json]
// Plain JavaScript on purpose: it must not load tsx or anything else before the bundle.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventsFile, resultFile] = process.argv.slice(2);
if (!bundle) throw new Error('usage: lambda-child.mjs <bundle> [events.json] [result.json]');

const started = performance.now();
const loaded = await import(pathToFileURL(bundle).href);
const initMs = performance.now() - started;
const handler = loaded.handler ?? loaded.default?.handler;
if (typeof handler !== 'function') throw new Error(`${bundle} exports no handler`);

const invocations = [];
if (eventsFile) {
  const events = JSON.parse(readFileSync(eventsFile, 'utf8'));
  for (const [i, event] of events.entries()) {
    const requestId = `local-${i}`;
    const context = {
      callbackWaitsForEmptyEventLoop: false,
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:local',
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '512',
      awsRequestId: requestId,
      logGroupName: 'local',
      logStreamName: 'local',
      getRemainingTimeInMillis: () => 30_000,
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    const callStarted = performance.now();
    try {
      const result = await handler(event, context);
      invocations.push({ ms: performance.now() - callStarted, result });
    } catch (error) {
      invocations.push({ ms: performance.now() - callStarted, error: String(error?.stack ?? error) });
    }
  }
}

const report = JSON.stringify({ initMs, invocations });
if (resultFile) writeFileSync(resultFile, report);
else process.stdout.write(`${report}\n`);
