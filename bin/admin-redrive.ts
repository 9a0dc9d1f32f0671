// `npm run admin -- redrive`: failed leads and dead-lettered messages back on their queues,
// in a deployed stack (with your AWS credentials) or in the stack `npm start` runs.

import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { moveDeadLetters } from '../functions/adapters/aws/dead-letter-redrive';
import { SqsSender } from '../functions/adapters/aws/sqs-sender';
import type { RedriveProgress } from '../functions/core/assignment/stranded-leads';
import { systemClock } from '../functions/core/shared/ports';
import { wireSweeper } from '../functions/wiring/sweeper';

/** What the deployed stack's outputs tell the redrive. */
export interface DeployedQueues {
  leadsTable: string;
  configTable: string;
  stateTable: string;
  ingestQueueUrl: string;
  enrichmentQueueUrl: string;
  ingestDeadLetterQueueArn: string;
  enrichmentDeadLetterQueueArn: string;
}

/**
 * In AWS: every failed lead back to the assigner (or to enrichment), page by page, then the
 * two dead-letter queues moved back to their queues by SQS; progress as it goes.
 */
export async function redriveDeployed(
  documents: DynamoDBDocumentClient,
  sqs: SQSClient,
  stack: DeployedQueues,
  print: (line: string) => void,
): Promise<void> {
  const sweeper = wireSweeper({
    documents,
    clock: systemClock,
    tables: { leads: stack.leadsTable, config: stack.configTable, state: stack.stateTable },
    assignerSender: new SqsSender(sqs, stack.ingestQueueUrl),
    enrichmentSender: new SqsSender(sqs, stack.enrichmentQueueUrl),
  });
  print('Failed leads:');
  const leads = await sweeper.redriveFailed((p) => print(`  ${describe(p)} so far`));
  print(`  ${describe(leads)}`);
  for (const [name, arn] of [
    ['Ingest dead-letter queue', stack.ingestDeadLetterQueueArn],
    ['Enrichment dead-letter queue', stack.enrichmentDeadLetterQueueArn],
  ] as const) {
    print(`${name}:`);
    const moved = await moveDeadLetters(sqs, arn, (p) => print(`  ${p.status}: ${p.moved} of ${p.toMove} moved`));
    if (moved.status === 'RUNNING') print('  still moving inside SQS; see `aws sqs list-message-move-tasks`');
    if (moved.failureReason) print(`  failed: ${moved.failureReason}`);
  }
}

/** Locally: asks the running stack (`POST /dev/redrive`, with the admin key) to do the same. */
export async function redriveLocal(baseUrl: string, adminKey: string, print: (line: string) => void): Promise<void> {
  print(`Redriving on ${baseUrl} ...`);
  const response = await fetch(`${baseUrl}/dev/redrive`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}` },
  });
  const body = (await response.json().catch(() => ({}))) as {
    deadLetters?: { ingest: number; enrichment: number };
    failedLeads?: RedriveProgress;
    error?: { message: string };
  };
  if (!response.ok || !body.deadLetters || !body.failedLeads) {
    throw new Error(`The local stack answered ${response.status}: ${body.error?.message ?? 'no redrive'}`);
  }
  print(
    `  Dead letters: ${body.deadLetters.ingest} routing message(s), ${body.deadLetters.enrichment} enrichment job(s) back on their queues`,
  );
  print(`  Failed leads: ${describe(body.failedLeads)}`);
}

function describe(progress: RedriveProgress): string {
  const skipped = progress.skipped > 0 ? ` (${progress.skipped} had left failed meanwhile)` : '';
  return `${progress.redriven} lead(s) sent round again${skipped}`;
}
