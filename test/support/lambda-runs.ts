// Runs built Lambda bundles in fresh Node processes (lambda-child.mjs beside this file): module
// initialisation for the cold-start comparison, and whole invocations against DynamoDB
// Local and the SNS/SQS stubs for handler durations, log volume and an end-to-end check.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';
import { TABLES, type TableKey, type TableNames } from '../../functions/adapters/dynamodb/table-definitions';

const LAMBDA_CHILD = fileURLToPath(new URL('./lambda-child.mjs', import.meta.url));

/**
 * The environment the deployed functions get (lib/api.ts binds these; each function reads
 * its own), with fake credentials, and every AWS endpoint but DynamoDB's pointed at the
 * local stand-ins (when given) so nothing leaves the machine.
 */
export function lambdaEnvironment(options: {
  tables: TableNames;
  dynamoEndpoint?: string;
  stubEndpoint?: string;
  sourceMaps: boolean;
}): NodeJS.ProcessEnv {
  const queueHost = options.stubEndpoint ?? 'https://sqs.us-east-1.amazonaws.com';
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    // Node 20 here, Node 24 on Lambda: the SDK's "upgrade Node" notice is noise.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(options.sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
    SERVICE_NAME: 'leadrouter',
    METRICS_NAMESPACE: 'LeadRouter',
    LOG_LEVEL: 'INFO',
    ...Object.fromEntries((Object.keys(TABLES) as TableKey[]).map((key) => [TABLES[key].envVar, options.tables[key]])),
    // The SQS client sends to the queue URL's host, so the stand-in's URL is the queue URL.
    INGEST_QUEUE_URL: `${queueHost}/000000000000/leadrouter-ingest`,
    ENRICHMENT_QUEUE_URL: `${queueHost}/000000000000/leadrouter-enrichment`,
    WEBHOOK_QUEUE_URL: `${queueHost}/000000000000/leadrouter-webhooks`,
    EVENT_BUS_NAME: 'leadrouter-events',
    NOTIFICATIONS_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:leadrouter-notifications',
    LINK_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:leadrouter-link-key',
    SOURCE_SECRETS_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000',
    PUBLIC_BASE_URL: 'https://leads.example.com',
    ...(options.dynamoEndpoint ? { AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint } : {}),
    ...(options.stubEndpoint
      ? {
          AWS_ENDPOINT_URL_SNS: options.stubEndpoint,
          AWS_ENDPOINT_URL_SQS: options.stubEndpoint,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: options.stubEndpoint,
        }
      : {}),
  };
}

export interface ChildRun {
  initMs: number;
  invocations: { ms: number; result?: unknown; error?: string }[];
  /** Bytes the function wrote to stdout and stderr (its log lines), init included. */
  logBytes: number;
  /** What the function wrote to stdout while handling the events (log lines, EMF metrics). */
  stdout: string;
}

/** Imports a bundle in a fresh process and runs `events` through its handler, one after another. */
export async function runInChild(bundle: string, env: NodeJS.ProcessEnv, events?: unknown[]): Promise<ChildRun> {
  const dir = await mkdtemp(join(tmpdir(), 'leadrouter-lambda-run-'));
  try {
    const eventsFile = join(dir, 'events.json');
    const resultFile = join(dir, 'result.json');
    const args = [LAMBDA_CHILD, bundle];
    if (events) {
      await writeFile(eventsFile, JSON.stringify(events));
      args.push(eventsFile, resultFile);
    }
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(process.execPath, args, { env, maxBuffer: 256 * 1024 * 1024, timeout: 300_000 }, (error, out, err) => {
        if (error) reject(new Error(`${bundle} failed in a fresh process: ${error.message}\n${err}`));
        else resolve({ stdout: out, stderr: err });
      });
    });
    const report = JSON.parse(events ? await readFile(resultFile, 'utf8') : stdout.trim().split('\n').pop()!) as Omit<
      ChildRun,
      'logBytes' | 'stdout'
    >;
    const logBytes = Buffer.byteLength(events ? stdout : '', 'utf8') + Buffer.byteLength(stderr, 'utf8');
    return { ...report, logBytes, stdout: events ? stdout : '' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The API Gateway HTTP API (payload 2.0) event for a lead posted to a source's webhook. */
export function webhookEvent(sourceKey: string, payload: unknown): APIGatewayProxyEventV2 {
  const now = new Date();
  const body = JSON.stringify(payload);
  return {
    version: '2.0',
    routeKey: 'POST /hooks/{sourceKey}',
    rawPath: `/hooks/${sourceKey}`,
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'leadrouter-local',
      'x-forwarded-proto': 'https',
    },
    pathParameters: { sourceKey },
    requestContext: {
      accountId: '000000000000',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: 'POST',
        path: `/hooks/${sourceKey}`,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'leadrouter-local',
      },
      requestId: randomUUID(),
      routeKey: 'POST /hooks/{sourceKey}',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body,
    isBase64Encoded: false,
  };
}

/** An SQS event as the event source mapping delivers it, one record per message body. */
export function sqsEvent(bodies: readonly string[], receiveCount = 1): SQSEvent {
  return {
    Records: bodies.map((body) => {
      const messageId = randomUUID();
      return {
        messageId,
        receiptHandle: `${messageId}#${receiveCount}`,
        body,
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: String(Date.now()),
          SenderId: 'AROAEXAMPLE',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:leadrouter-ingest',
        awsRegion: 'us-east-1',
      };
    }),
  };
}

/** Splits a list into chunks of `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
