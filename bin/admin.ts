// `npm run admin -- <command>`: operator tasks against a deployed stack (or the local one).
// See docs/operations.md.

import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand, type Output } from '@aws-sdk/client-cloudformation';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../functions/adapters/dynamodb/document-client';
import { DynamoConfigStore } from '../functions/adapters/dynamodb/dynamo-config-store';
import { issueApiKey } from '../functions/core/admin/admin-keys';
import { systemActor } from '../functions/core/shared/actor';
import { systemClock } from '../functions/core/shared/ports';
import { redriveDeployed, redriveLocal } from './admin-redrive';

const USAGE = `usage: npm run admin -- <command> [options]

  create-key [--stack LeadRouter] [--name NAME]
      creates an admin API key in the deployed stack and prints it once
  redrive [--stack LeadRouter]
      sends every failed lead round again, then moves the ingest and enrichment
      dead-letter queues' messages back to their queues
  redrive --local [--url http://127.0.0.1:3000] [--key KEY]
      the same for the stack \`npm start\` runs (the key: --key or LEADROUTER_ADMIN_KEY)

In AWS these use your AWS credentials and region, like the AWS CLI.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    stack: { type: 'string', default: 'LeadRouter' },
    name: { type: 'string', default: 'admin' },
    local: { type: 'boolean', default: false },
    url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
    key: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const [command] = positionals;
if (values.help || (command !== 'create-key' && command !== 'redrive')) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

async function stackOutputs(stackName: string): Promise<(key: string) => string> {
  const { Stacks } = await new CloudFormationClient({}).send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs: Output[] = Stacks?.[0]?.Outputs ?? [];
  return (key) => {
    const value = outputs.find((o) => o.OutputKey === key)?.OutputValue;
    if (!value) throw new Error(`Stack ${stackName} has no output ${key}; is it deployed (and up to date)?`);
    return value;
  };
}

if (command === 'redrive' && values.local) {
  const key = values.key ?? process.env.LEADROUTER_ADMIN_KEY;
  if (!key) {
    console.error('Give the admin key npm start printed: --key KEY, or LEADROUTER_ADMIN_KEY');
    process.exit(2);
  }
  await redriveLocal(values.url!, key, console.log);
} else if (command === 'redrive') {
  const output = await stackOutputs(values.stack!);
  await redriveDeployed(
    createDocumentClient(),
    new SQSClient({}),
    {
      leadsTable: output('LeadsTableName'),
      configTable: output('ConfigTableName'),
      stateTable: output('StateTableName'),
      ingestQueueUrl: output('IngestQueueUrl'),
      enrichmentQueueUrl: output('EnrichmentQueueUrl'),
      ingestDeadLetterQueueArn: output('IngestDeadLetterQueueArn'),
      enrichmentDeadLetterQueueArn: output('EnrichmentDeadLetterQueueArn'),
    },
    console.log,
  );
} else {
  const output = await stackOutputs(values.stack!);
  const config = new DynamoConfigStore(createDocumentClient(), {
    config: output('ConfigTableName'),
    state: output('StateTableName'),
  });
  const { id, key } = await issueApiKey({ config, clock: systemClock }, values.name!, systemActor('npm run admin'));
  console.log(`Created admin API key ${id} (${values.name}). It is shown only now:\n\n  ${key}\n`);
  console.log(`Use it as:  curl -H 'authorization: Bearer ${key}' $(your API URL)/admin/reps`);
}
