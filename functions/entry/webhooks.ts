import { linkSignerFromSecret } from '../adapters/aws/secret-link-key';
import { HttpWebhookSender } from '../adapters/webhooks/http-webhook-sender';
import { WebhookUrlGuard } from '../adapters/webhooks/webhook-url-policy';
import { createWebhookDeliveryFunction } from '../sqs/webhook-delivery-function';
import { wireWebhookDelivery } from '../wiring/webhooks';
import { awsBase, publicBaseUrl } from './aws';
import { requireEnv, tablesFromEnv } from './env';
import { logger, loggerMiddleware } from './logging';
import { sqsSender } from './sqs';

const { deps, queue } = wireWebhookDelivery(
  {
    ...awsBase,
    tables: tablesFromEnv('leads', 'config'),
    webhookSender: sqsSender('WEBHOOK_QUEUE_URL'),
    signer: await linkSignerFromSecret(requireEnv('LINK_KEY_SECRET_ARN')),
    publicBaseUrl,
  },
  { sender: new HttpWebhookSender(), urls: new WebhookUrlGuard('aws') },
);

export const handler = createWebhookDeliveryFunction(deps, {
  queue,
  middlewares: [loggerMiddleware()],
  // The message id only: the body holds the event, and no URL, secret or contact is logged.
  onRecordFailed: (record, error) =>
    logger.warn('webhook queue message not handled; it will be retried', {
      messageId: record.messageId,
      error: (error as Error).name,
    }),
});
