import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LeadMessage } from '../../core/lead';
import type { LeadQueue } from '../../core/ports';

/** The ingest queue on SQS. */
export class SqsLeadQueue implements LeadQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(message: LeadMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }),
    );
  }
}
