import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsSender } from '../adapters/aws/sqs-sender';
import { requireEnv } from './env';

let client: SQSClient | undefined;

/** A sender to the queue whose URL the stack put in `envVar`; one SQS client per function. */
export function sqsSender(envVar: 'INGEST_QUEUE_URL' | 'ENRICHMENT_QUEUE_URL' | 'WEBHOOK_QUEUE_URL'): SqsSender {
  client ??= new SQSClient({});
  return new SqsSender(client, requireEnv(envVar));
}
