// `npm start`: runs leadrouter on this machine. See README.md, "Run it locally".
import { parseArgs } from 'node:util';
import { systemClock } from '../functions/core/shared/ports';
import { ensureDemoData } from '../functions/local/demo';
import { startLocalStack } from '../functions/local/local-stack';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    demo: { type: 'boolean', default: false },
    'in-memory': { type: 'boolean', default: false },
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    quiet: { type: 'boolean', default: false },
  },
});

const port = Number(values.port ?? process.env.PORT ?? 3000);
const dataDir = values['in-memory'] ? undefined : '.leadrouter/dynamodb';
console.log(`Starting DynamoDB Local (${dataDir ? `data in ${dataDir}` : 'in memory'}) ...`);

const stack = await startLocalStack({
  port,
  host: values.host,
  ...(dataDir ? { dataDir } : {}),
  ...(process.env.LEADROUTER_ADMIN_KEY ? { adminKey: process.env.LEADROUTER_ADMIN_KEY } : {}),
  log: values.quiet ? undefined : (line) => console.log(`  ${new Date().toISOString().slice(11, 23)} ${line}`),
});

const lines = [
  '',
  'leadrouter is running locally',
  `  API         ${stack.url}`,
  `  Console     ${stack.url}/console   (sign in with the admin key below)`,
  `  Outbox      ${stack.url}/dev/outbox.html   (notifications to reps land here)`,
  `  Admin key   ${stack.adminKey}${process.env.LEADROUTER_ADMIN_KEY ? '' : '   (generated; set LEADROUTER_ADMIN_KEY to choose one)'}`,
  `  DynamoDB    ${stack.dynamoEndpoint}`,
  `  Listening   ${values.host}:${new URL(stack.url).port}${values.host === '127.0.0.1' ? '   (this machine only; --host 0.0.0.0 to open it to your network)' : '   (open to your network: the outbox shows lead contacts and live links)'}`,
];
if (values.demo) {
  const source = await ensureDemoData({ config: stack.config, clock: systemClock });
  const hook = `${stack.url}/hooks/${source.key}`;
  lines.push(
    '',
    'Demo: three reps in a round-robin pool behind a web-form source.',
    `  Webhook     ${hook}`,
    '  Send a lead:',
    `    curl -s -X POST ${hook} -H 'content-type: application/json' \\`,
    `      -d '{"name":"Ada Lovelace","email":"Ada@Example.com","phone":"020 7946 0958","country":"UK","company":"Analytical Engines"}'`,
    '  Then see who got it:',
    `    curl -s ${stack.url}/dev/outbox`,
    `    curl -s -H 'authorization: Bearer ${stack.adminKey}' ${stack.url}/admin/leads/<leadId>`,
  );
}
lines.push('', 'Press Ctrl-C to stop.', '');
console.log(lines.join('\n'));

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping (DynamoDB Local included) ...');
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
