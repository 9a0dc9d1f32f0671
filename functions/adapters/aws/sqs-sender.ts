import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MessageSender } from '../messaging/message-sender';

/** SQS holds a message back at most 15 minutes; a longer timer arrives early and is sent again. */
export const SQS_MAX_DELAY_SECONDS = 900;

/** Sends to one SQS queue. */
export class SqsSender implements MessageSender {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(body: string, delayMs = 0): Promise<void> {
    const delaySeconds = Math.min(SQS_MAX_DELAY_SECONDS, Math.ceil(delayMs / 1000));
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        ...(delaySeconds > 0 ? { DelaySeconds: delaySeconds } : {}),
      }),
    );
  }
}
