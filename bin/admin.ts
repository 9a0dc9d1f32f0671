// `npm run admin -- <command>`: operator tasks against a deployed stack. See docs/operations.md.

import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { createDocumentClient } from '../functions/adapters/dynamodb/document-client';
import { DynamoConfigStore } from '../functions/adapters/dynamodb/dynamo-config-store';
import { issueApiKey } from '../functions/core/admin/admin-keys';
import { systemActor } from '../functions/core/shared/actor';
import { systemClock } from '../functions/core/shared/ports';

const USAGE = `usage: npm run admin -- create-key [--stack LeadRouter] [--name NAME]

  create-key   creates an admin API key in the deployed stack and prints it once
               (uses your AWS credentials and region, like the AWS CLI)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    stack: { type: 'string', default: 'LeadRouter' },
    name: { type: 'string', default: 'admin' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

async function stackOutput(stackName: string, key: string): Promise<string> {
  const { Stacks } = await new CloudFormationClient({}).send(new DescribeStacksCommand({ StackName: stackName }));
  const value = Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === key)?.OutputValue;
  if (!value) throw new Error(`Stack ${stackName} has no output ${key}; is it deployed?`);
  return value;
}

const [command] = positionals;
if (values.help || command !== 'create-key') {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

const configTable = await stackOutput(values.stack!, 'ConfigTableName');
const stateTable = await stackOutput(values.stack!, 'StateTableName');
const config = new DynamoConfigStore(createDocumentClient(), { config: configTable, state: stateTable });
const { id, key } = await issueApiKey({ config, clock: systemClock }, values.name!, systemActor('npm run admin'));
console.log(`Created admin API key ${id} (${values.name}). It is shown only now:\n\n  ${key}\n`);
console.log(`Use it as:  curl -H 'authorization: Bearer ${key}' $(your API URL)/admin/reps`);
