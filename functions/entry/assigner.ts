import { linkSignerFromSecret } from '../adapters/aws/secret-link-key';
import { SignedSnsApi } from '../adapters/aws/sns-api';
import { SnsNotifier } from '../adapters/aws/sns-notifier';
import { SnsRepChannels } from '../adapters/aws/sns-rep-channels';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { createAssignerFunction } from '../sqs/assigner-function';
import { wireAssigner } from '../wiring/assigner';
import { awsBase, publicBaseUrl } from './aws';
import { requireEnv, tablesFromEnv } from './env';
import { logger, loggerMiddleware } from './logging';
import { metricsMiddleware, metricsPort } from './metrics';
import { sqsSender } from './sqs';

const tables = tablesFromEnv('leads', 'config', 'state', 'lookups', 'stats');
const sns = new SignedSnsApi();
const topicArn = requireEnv('NOTIFICATIONS_TOPIC_ARN');
const { assigner, consumer } = wireAssigner(
  {
    ...awsBase,
    metrics: metricsPort,
    tables,
    assignerSender: sqsSender('INGEST_QUEUE_URL'),
    signer: await linkSignerFromSecret(requireEnv('LINK_KEY_SECRET_ARN')),
    publicBaseUrl,
  },
  {
    notifier: new SnsNotifier(sns, topicArn),
    channels: new SnsRepChannels(
      sns,
      topicArn,
      awsBase.documents,
      tables.state,
      new DynamoConfigStore(awsBase.documents, tables),
    ),
  },
);

export const handler = createAssignerFunction(assigner, {
  ...consumer,
  middlewares: [loggerMiddleware(), metricsMiddleware()],
  onRecordFailed: (record, error) =>
    logger.warn('queue message not handled yet', { messageId: record.messageId, error: error as Error }),
});
