// The local stack: every function wired as the stack wires it in AWS, with the queues, the
// leads table's stream and the bus between them, on DynamoDB Local. Longer than most files
// (about 380 lines) because it is the one map of the whole local deployment.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { buildConsole } from '../../console/build';
import type { ConfigReader } from '../adapters/dynamodb/config-access';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { EnvelopeSourceSecrets } from '../adapters/dynamodb/sealed-source-secrets';
import { prefixedTableNames, type TableNames } from '../adapters/dynamodb/table-definitions';
import { LinkedInLeadsClient } from '../adapters/linkedin/linkedin-leads-client';
import { InProcessEventBus } from '../adapters/local/in-process-event-bus';
import { InProcessSqs } from '../adapters/local/in-process-sqs';
import { LocalDataKeys } from '../adapters/local/local-data-keys';
import { LocalLeadChanges } from '../adapters/local/local-lead-changes';
import { OutboxNotifier } from '../adapters/local/outbox-notifier';
import { RecordedRepChannels } from '../adapters/local/recorded-rep-channels';
import { ASSIGNER_MAX_RECEIVES, ENRICHMENT_MAX_RECEIVES } from '../adapters/messaging/delivery-limits';
import { MetaGraphClient } from '../adapters/meta/meta-graph-client';
import { HttpWebhookSender } from '../adapters/webhooks/http-webhook-sender';
import { WebhookUrlGuard } from '../adapters/webhooks/webhook-url-policy';
import { hashApiKey } from '../core/admin/admin-keys';
import type { AssignerOptions } from '../core/assignment/assigner';
import type { StrandedPolicy } from '../core/assignment/stranded-leads';
import { changeEntry } from '../core/audit/audit-entry';
import { LinkSigner } from '../core/links/link-tokens';
import { systemActor } from '../core/shared/actor';
import { newSecret } from '../core/shared/ids';
import { type Clock, noMetrics, type Random, systemClock } from '../core/shared/ports';
import { consoleAssetsFrom } from '../http/console-assets';
import { adminHandlers } from '../http/handlers/admin-handlers';
import { docsHandlers } from '../http/handlers/docs-handlers';
import { ingestHandlers } from '../http/handlers/ingest-handlers';
import { repHandlers } from '../http/handlers/rep-handlers';
import { createHttpFunction } from '../http/lambda-http';
import { createAssignerFunction } from '../sqs/assigner-function';
import { createEnrichmentFunction } from '../sqs/enrichment-function';
import { createWebhookDeliveryFunction } from '../sqs/webhook-delivery-function';
import { wireAdmin, wireAdminKeyCheck } from '../wiring/admin';
import { wireAssigner } from '../wiring/assigner';
import { wireAuthorizer } from '../wiring/authorizer';
import { wireEnricher } from '../wiring/enricher';
import { wireIngest } from '../wiring/ingest';
import { wireLeadChanges } from '../wiring/lead-changes';
import type { Platform } from '../wiring/platform';
import { wireRepLinks } from '../wiring/rep-links';
import { wireSweeper } from '../wiring/sweeper';
import { wireWebhookDelivery } from '../wiring/webhooks';
import { guardedDocumentClient } from './config-access-guard';
import { devHandlers } from './dev-handlers';
import { type DynamoDbLocal, ensureTables, LOCAL_AWS, startDynamoDbLocal } from './dynamodb-local';
import { createLocalServer, type LocalHttpFunction, localContext } from './local-server';

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. */
  port?: number;
  /**
   * The address the HTTP server listens on: 127.0.0.1 (this machine only) unless told
   * otherwise, since the outbox shows lead contacts and live claim links. DynamoDB Local
   * always listens on 127.0.0.1.
   */
  host?: string;
  /** Keep DynamoDB data here; omitted means in memory. */
  dataDir?: string;
  /** Use an already running DynamoDB Local instead of starting one. */
  dynamoEndpoint?: string;
  tablePrefix?: string;
  /** The admin API key to accept; generated when omitted. */
  adminKey?: string;
  clock?: Clock;
  /** How long ingest and assigner remember a source (60 s in AWS). */
  sourceCacheMs?: number;
  /** How long the assigner remembers the routing rules (30 s in AWS); `sourceCacheMs` when absent. */
  ruleCacheMs?: number;
  /** How long the authorizer remembers a valid admin key (30 s, as in AWS); a revoked key works that long. */
  adminKeyCacheMs?: number;
  /** The fetch the Meta Graph API client uses (tests pass a mock; the runtime's otherwise). */
  graphFetch?: typeof fetch;
  /** The fetch the LinkedIn lead client uses (tests pass a mock; the runtime's otherwise). */
  linkedinFetch?: typeof fetch;
  assigner?: AssignerOptions;
  /** Dice for the random method (tests make it deterministic). */
  random?: Random;
  /** How often held and stranded leads are retried (a minute in AWS); 0 turns the sweep off. */
  sweepEveryMs?: number;
  /** A lead still `received` this long after it arrived is requeued by the sweep (a minute by default). */
  strandedAfterMs?: number;
  /** Seconds between webhook delivery attempts (5 s, 5 min, ... 10 h as in AWS when absent); tests shorten them. */
  webhookRetryDelaysSeconds?: readonly number[];
  /** The key rep links are signed with; kept in `dataDir` or generated when omitted. */
  linkKey?: string;
  /** The key sources' secrets are sealed with (KMS's stand-in); kept in `dataDir` or generated when omitted. */
  secretsKey?: string;
  log?: (line: string) => void;
}

export interface LocalStack {
  url: string;
  /** The address the HTTP server listens on. */
  host: string;
  adminKey: string;
  tables: TableNames;
  dynamoEndpoint: string;
  outbox: OutboxNotifier;
  ingestQueue: InProcessSqs;
  /** Meta leads waiting for their Graph API details. */
  enrichmentQueue: InProcessSqs;
  /** Lead events and retries on their way to webhook subscriptions. */
  webhookQueue: InProcessSqs;
  channels: RecordedRepChannels;
  config: DynamoConfigStore;
  leads: DynamoLeadStore;
  /** The lead events bus (EventBridge's stand-in): recent events, and the rules that receive them. */
  events: InProcessEventBus;
  /** Resolves once every lead change made before the call has become events. */
  eventsCaughtUp(): Promise<void>;
  /** Resolves when every queued lead has been handled. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export const LOCAL_ADMIN_KEY_NAME = 'local-dev';

/**
 * The whole system on one machine: DynamoDB Local with the shared table definitions, the
 * same functions wired by the same modules as in AWS behind a local HTTP server, the
 * queues in process, and an outbox in place of SNS.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const clock = options.clock ?? systemClock;
  const sourceCacheMs = options.sourceCacheMs ?? 5_000;
  let dynamo: DynamoDbLocal | undefined;
  if (!options.dynamoEndpoint) {
    dynamo = await startDynamoDbLocal(options.dataDir ? { dataDir: options.dataDir } : {});
  }
  const dynamoEndpoint = options.dynamoEndpoint ?? dynamo!.endpoint;
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamoEndpoint });
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tables = prefixedTableNames(options.tablePrefix ?? 'leadrouter');
  await ensureTables(client, tables);

  // The leads table's change stream, read in process as Lambda's event source mapping does in AWS.
  // Its consumers get a DynamoDB client (and so sockets) of their own, as their own function
  // would: a burst of stats writes must not queue the webhook's and the assigner's requests.
  const changesClient = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamoEndpoint });
  const changesDocuments = DynamoDBDocumentClient.from(changesClient, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const events = new InProcessEventBus(1_000, (error) => options.log?.(`event rule failed: ${String(error)}`));
  const leadChanges = new LocalLeadChanges({
    client,
    streamsConfig: { ...LOCAL_AWS, endpoint: dynamoEndpoint },
    tableName: tables.leads,
    consumers: wireLeadChanges({ documents: changesDocuments, tables }, { bus: events }).consumers,
    onError: (error) => options.log?.(`lead changes: ${String(error)}`),
  });
  await leadChanges.start();

  const ingestQueue = new InProcessSqs({
    name: 'leadrouter-ingest',
    batchSize: 10,
    concurrency: 2,
    maxReceiveCount: ASSIGNER_MAX_RECEIVES,
  });
  const enrichmentQueue = new InProcessSqs({
    name: 'leadrouter-enrichment',
    batchSize: 10,
    concurrency: 2,
    maxReceiveCount: ENRICHMENT_MAX_RECEIVES,
  });
  // EventBridge's rule to the webhook queue: one message per event, as EventBridge sends them.
  const webhookQueue = new InProcessSqs({ name: 'leadrouter-webhooks', batchSize: 10, concurrency: 2 });
  events.addRule(async (batch) => {
    for (const event of batch)
      await webhookQueue.send(JSON.stringify({ source: 'leadrouter', 'detail-type': event.type, detail: event }));
  });
  // Links name the server's address, known once it listens.
  let baseUrl = '';
  const platform: Platform = {
    documents,
    tables,
    clock,
    metrics: noMetrics,
    random: options.random ?? Math.random,
    assignerSender: ingestQueue,
    enrichmentSender: enrichmentQueue,
    webhookSender: webhookQueue,
    signer: new LinkSigner(options.linkKey ?? localKey(options.dataDir, 'link-key')),
    sourceSecrets: new EnvelopeSourceSecrets(
      new LocalDataKeys(options.secretsKey ?? localKey(options.dataDir, 'source-secrets-key')),
    ),
    publicBaseUrl: () => baseUrl,
    cacheMs: {
      sources: sourceCacheMs,
      rules: options.ruleCacheMs ?? sourceCacheMs,
      adminKeys: options.adminKeyCacheMs ?? 30_000,
    },
  };

  // Each function reaches the config table only as its role lets it in AWS (dynamodb:LeadingKeys).
  const guardedClients: { destroy(): void }[] = [];
  const platformOf = (fn: ConfigReader): Platform => {
    const guarded = guardedDocumentClient(dynamoEndpoint, tables.config, fn);
    guardedClients.push(guarded);
    return { ...platform, documents: guarded.documents };
  };

  const config = new DynamoConfigStore(documents, tables, platform.sourceSecrets);
  const outbox = new OutboxNotifier(clock);
  const channels = new RecordedRepChannels(config);
  const { assigner, consumer } = wireAssigner(platformOf('assigner'), { notifier: outbox, channels }, options.assigner);
  const assignerFunction = createAssignerFunction(assigner, {
    ...consumer,
    onRecordFailed: (record, error) => options.log?.(`assigner: message ${record.messageId} failed: ${String(error)}`),
  });
  ingestQueue.subscribe((event) => assignerFunction(event, localContext('assigner', 'batch')));
  const graph = new MetaGraphClient(options.graphFetch ? { fetch: options.graphFetch } : {});
  const linkedin = new LinkedInLeadsClient(options.linkedinFetch ? { fetch: options.linkedinFetch } : {});
  const enricher = wireEnricher(platformOf('enricher'), graph, linkedin);
  const enrichmentFunction = createEnrichmentFunction(enricher.deps, {
    ...enricher.consumer,
    onRecordFailed: (record, error) =>
      options.log?.(`enrichment: message ${record.messageId} failed: ${String(error)}`),
  });
  enrichmentQueue.subscribe((event) => enrichmentFunction(event, localContext('enricher', 'batch')));
  // Receivers on this machine are allowed locally (http://127.0.0.1, localhost); elsewhere only https to public hosts.
  const webhookUrls = new WebhookUrlGuard('local');
  const webhooks = wireWebhookDelivery(platformOf('webhooks'), {
    sender: new HttpWebhookSender({ allowPrivate: true, timeoutMs: 5_000 }),
    urls: webhookUrls,
    ...(options.webhookRetryDelaysSeconds ? { retryDelaysSeconds: options.webhookRetryDelaysSeconds } : {}),
  });
  const webhookFunction = createWebhookDeliveryFunction(webhooks.deps, {
    queue: webhooks.queue,
    onRecordFailed: (record, error) => options.log?.(`webhooks: message ${record.messageId} failed: ${String(error)}`),
  });
  webhookQueue.subscribe((event) => webhookFunction(event, localContext('webhooks', 'batch')));

  const adminKey = options.adminKey ?? `lr_dev_${newSecret(18)}`;
  await config.deleteApiKeysNamed(LOCAL_ADMIN_KEY_NAME);
  const devKey = { id: 'key_local', name: LOCAL_ADMIN_KEY_NAME };
  await config.saveApiKey(
    { ...devKey, hash: hashApiKey(adminKey), createdAt: clock.now().toISOString() },
    changeEntry({ actor: systemActor('npm start'), at: clock.now(), kind: 'key', after: devKey }),
  );

  const onServerError = (error: unknown, request: { routeKey: string; requestId: string }) =>
    options.log?.(`error in ${request.routeKey} (${request.requestId}): ${(error as Error)?.stack ?? String(error)}`);
  const sweeper = wireSweeper(platformOf('sweeper'));
  const functions: Record<'ingest' | 'admin' | 'rep' | 'docs' | 'local', LocalHttpFunction> = {
    ingest: createHttpFunction(ingestHandlers(wireIngest(platformOf('ingest'))), { onServerError }),
    // As in AWS: the gateway's authorizer checks the key, the admin function trusts it.
    admin: createHttpFunction(adminHandlers(wireAdmin(platformOf('admin'), { webhookUrls })), {
      trustGatewayAuthorizer: true,
      verifyAdminKeyForChanges: wireAdminKeyCheck(platformOf('admin')),
      onServerError,
    }),
    rep: createHttpFunction(repHandlers(wireRepLinks(platformOf('repLinks'))), { onServerError }),
    // The console is built by the same step as at synth, in memory, when it is first asked for.
    docs: createHttpFunction(docsHandlers({ consoleAssets: async () => consoleAssetsFrom(await buildConsole()) }), {
      onServerError,
    }),
    local: createHttpFunction(
      devHandlers({
        outbox,
        ingestQueue,
        enrichmentQueue,
        channels,
        reps: config,
        events,
        redriveFailed: () => sweeper.redriveFailed(),
      }),
      { trustGatewayAuthorizer: true, onServerError },
    ),
  };

  const server = createLocalServer(functions, {
    authorizer: wireAuthorizer(platformOf('authorizer')),
    ...(options.log ? { log: options.log } : {}),
  });
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 3000, host);
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${isWildcardOrLoopback(host) ? 'localhost' : host}:${port}`;

  // Leads a previous run stored but never routed (it stopped with them queued) go back on the queue.
  const stranded = localStrandedPolicy(options.strandedAfterMs ?? 60_000);
  await sweeper.sweepStranded({
    ...stranded,
    strandedAfterMs: 0,
    routeMessageLifetimeMs: 0,
    enrichmentJobLifetimeMs: 0,
  });
  const sweepEveryMs = options.sweepEveryMs ?? 30_000;
  const sweepOnce = async () => {
    await sweeper.requeueHeld();
    const swept = await sweeper.sweepStranded(stranded);
    if (swept.requeued + swept.failed > 0) {
      options.log?.(`sweep: ${swept.requeued} stranded lead(s) requeued, ${swept.failed} marked failed`);
    }
  };
  const sweep =
    sweepEveryMs > 0
      ? setInterval(
          () => void sweepOnce().catch((error) => options.log?.(`sweep failed: ${String(error)}`)),
          sweepEveryMs,
        )
      : undefined;
  sweep?.unref();

  return {
    url: baseUrl,
    host: (server.address() as AddressInfo).address,
    adminKey,
    tables,
    dynamoEndpoint,
    outbox,
    ingestQueue,
    enrichmentQueue,
    webhookQueue,
    channels,
    config,
    leads: new DynamoLeadStore(documents, tables.leads),
    events,
    eventsCaughtUp: () => leadChanges.caughtUp(),
    // Enrichment feeds the ingest queue, never the other way round.
    settled: async () => {
      await enrichmentQueue.idle();
      await ingestQueue.idle();
      await leadChanges.caughtUp();
    },
    async stop() {
      if (sweep) clearInterval(sweep);
      ingestQueue.stop();
      enrichmentQueue.stop();
      await leadChanges.stop();
      webhookQueue.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      client.destroy();
      changesClient.destroy();
      for (const guarded of guardedClients) guarded.destroy();
      await dynamo?.stop();
    },
  };
}

/**
 * Locally a queue message lives a few seconds (in-process retries back off from 200 ms to
 * 5 s), so a lead `received` for `strandedAfterMs` has no message left and is requeued.
 */
function localStrandedPolicy(strandedAfterMs: number): StrandedPolicy {
  return {
    strandedAfterMs,
    routeMessageLifetimeMs: strandedAfterMs,
    enrichmentJobLifetimeMs: strandedAfterMs,
    maxRequeues: 3,
    maxScanned: 10_000,
    maxActedOn: 1_000,
  };
}

/**
 * A local key (the link key, the source-secrets key): kept beside the data, so links in the
 * outbox and sealed source secrets survive a restart.
 */
function localKey(dataDir: string | undefined, name: string): string {
  if (!dataDir) return newSecret(32);
  const file = join(dirname(resolve(dataDir)), name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = newSecret(32);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

/** Links name `localhost` when the server listens on this machine's loopback or on every address. */
function isWildcardOrLoopback(host: string): boolean {
  return ['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::'].includes(host);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
