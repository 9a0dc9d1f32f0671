import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LeadMessage } from '../../core/lead';
import type { LeadQueue, RepNotification } from '../../core/ports';
import { noticeMessage } from '../../core/queue-message';

/** The ingest queue on SQS. */
export class SqsLeadQueue implements LeadQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(message: LeadMessage): Promise<void> {
    await this.send(message);
  }

  async enqueueNotice(notification: RepNotification): Promise<void> {
    await this.send(noticeMessage(notification));
  }

  private async send(body: object) {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(body) }));
  }
}
