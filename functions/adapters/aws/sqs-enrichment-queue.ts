import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { EnrichmentJob, EnrichmentQueue } from '../../core/shared/ports';

/** The enrichment queue on SQS: Meta leads waiting for their Graph API details. */
export class SqsEnrichmentQueue implements EnrichmentQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(job: EnrichmentJob): Promise<void> {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }));
  }
}
