import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';

// Quiet the SDK's Node 20 deprecation notice and keep log lines off stdout in tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL = 'SILENT';

// Test files share their worker's modules (vitest.config.ts), so a file that stubs an SDK
// client's prototype with aws-sdk-client-mock must take the stub off (`afterAll(() =>
// mock.restore())`), or every later file in the worker talks to the stub instead of DynamoDB
// Local. A file that forgets fails here, by name, instead of breaking a stranger.
afterAll(() => {
  const left = [DynamoDBClient, DynamoDBDocumentClient, SQSClient, KMSClient].filter(
    (client) => 'restore' in client.prototype.send,
  );
  for (const client of left) (client.prototype.send as unknown as { restore(): void }).restore();
  if (left.length > 0) {
    throw new Error(`this file left aws-sdk-client-mock stubs on ${left.map((c) => c.name).join(', ')}: restore them`);
  }
});
