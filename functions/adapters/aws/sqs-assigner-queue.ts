import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LeadMessage } from '../../core/leads/lead';
import type { LeadQueue, LeadTimer, RepNotification } from '../../core/shared/ports';
import { noticeMessage, queueDelaySeconds, timerMessage } from '../../sqs/assigner-messages';

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

  async enqueueChannelSync(repId: string): Promise<void> {
    await this.send({ type: 'sync_channels', repId });
  }

  /** A lead timer: a message delayed until it is due (at most 15 minutes at a time). */
  async enqueueTimer(timer: LeadTimer, now: Date): Promise<void> {
    await this.send(timerMessage(timer), queueDelaySeconds(timer.dueAt, now));
  }

  private async send(body: object, delaySeconds = 0) {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(body),
        ...(delaySeconds > 0 ? { DelaySeconds: delaySeconds } : {}),
      }),
    );
  }
}
