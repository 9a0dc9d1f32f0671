import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { prefixedTableNames, type TableNames } from '../adapters/dynamodb/table-definitions';
import { InProcessSqs } from '../adapters/local/in-process-sqs';
import { OutboxNotifier } from '../adapters/local/outbox-notifier';
import { RecordedRepChannels } from '../adapters/local/recorded-rep-channels';
import { MetaGraphClient } from '../adapters/meta/meta-graph-client';
import { hashApiKey } from '../core/admin/admin-keys';
import type { AssignerOptions } from '../core/assignment/assigner';
import { changeEntry } from '../core/audit/audit-entry';
import { LinkSigner } from '../core/links/link-tokens';
import { systemActor } from '../core/shared/actor';
import { newSecret } from '../core/shared/ids';
import { type Clock, noMetrics, type Random, systemClock } from '../core/shared/ports';
import { adminHandlers } from '../http/handlers/admin-handlers';
import { docsHandlers } from '../http/handlers/docs-handlers';
import { ingestHandlers } from '../http/handlers/ingest-handlers';
import { repHandlers } from '../http/handlers/rep-handlers';
import { createHttpFunction } from '../http/lambda-http';
import { createAssignerFunction } from '../sqs/assigner-function';
import { createEnrichmentFunction } from '../sqs/enrichment-function';
import { wireAdmin } from '../wiring/admin';
import { wireAssigner } from '../wiring/assigner';
import { wireAuthorizer } from '../wiring/authorizer';
import { wireEnricher } from '../wiring/enricher';
import { wireIngest } from '../wiring/ingest';
import type { Platform } from '../wiring/platform';
import { wireRepLinks } from '../wiring/rep-links';
import { wireSweeper } from '../wiring/sweeper';
import { devHandlers } from './dev-handlers';
import { type DynamoDbLocal, ensureTables, LOCAL_AWS, startDynamoDbLocal } from './dynamodb-local';
import { createLocalServer, type LocalHttpFunction, localContext } from './local-server';

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. */
  port?: number;
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
  assigner?: AssignerOptions;
  /** Dice for the random method (tests make it deterministic). */
  random?: Random;
  /** How often held leads are retried (a minute in AWS); 0 turns the sweep off. */
  sweepEveryMs?: number;
  /** The key rep links are signed with; kept in `dataDir` or generated when omitted. */
  linkKey?: string;
  log?: (line: string) => void;
}

export interface LocalStack {
  url: string;
  adminKey: string;
  tables: TableNames;
  dynamoEndpoint: string;
  outbox: OutboxNotifier;
  ingestQueue: InProcessSqs;
  /** Meta leads waiting for their Graph API details. */
  enrichmentQueue: InProcessSqs;
  channels: RecordedRepChannels;
  config: DynamoConfigStore;
  leads: DynamoLeadStore;
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

  const ingestQueue = new InProcessSqs({ name: 'leadrouter-ingest', batchSize: 10, concurrency: 2 });
  const enrichmentQueue = new InProcessSqs({ name: 'leadrouter-enrichment', batchSize: 10, concurrency: 2 });
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
    signer: new LinkSigner(options.linkKey ?? linkKeyFor(options.dataDir)),
    publicBaseUrl: () => baseUrl,
    cacheMs: {
      sources: sourceCacheMs,
      rules: options.ruleCacheMs ?? sourceCacheMs,
      adminKeys: options.adminKeyCacheMs ?? 30_000,
    },
  };

  const config = new DynamoConfigStore(documents, tables);
  const outbox = new OutboxNotifier(clock);
  const channels = new RecordedRepChannels(config);
  const { assigner, consumer } = wireAssigner(platform, { notifier: outbox, channels }, options.assigner);
  const assignerFunction = createAssignerFunction(assigner, {
    ...consumer,
    onRecordFailed: (record, error) => options.log?.(`assigner: message ${record.messageId} failed: ${String(error)}`),
  });
  ingestQueue.subscribe((event) => assignerFunction(event, localContext('assigner', 'batch')));
  const graph = new MetaGraphClient(options.graphFetch ? { fetch: options.graphFetch } : {});
  const enrichmentFunction = createEnrichmentFunction(wireEnricher(platform, graph), {
    onRecordFailed: (record, error) =>
      options.log?.(`enrichment: message ${record.messageId} failed: ${String(error)}`),
  });
  enrichmentQueue.subscribe((event) => enrichmentFunction(event, localContext('enricher', 'batch')));

  const adminKey = options.adminKey ?? `lr_dev_${newSecret(18)}`;
  await config.deleteApiKeysNamed(LOCAL_ADMIN_KEY_NAME);
  const devKey = { id: 'key_local', name: LOCAL_ADMIN_KEY_NAME };
  await config.saveApiKey(
    { ...devKey, hash: hashApiKey(adminKey), createdAt: clock.now().toISOString() },
    changeEntry({ actor: systemActor('npm start'), at: clock.now(), kind: 'key', after: devKey }),
  );

  const onServerError = (error: unknown, request: { routeKey: string; requestId: string }) =>
    options.log?.(`error in ${request.routeKey} (${request.requestId}): ${(error as Error)?.stack ?? String(error)}`);
  const functions: Record<'ingest' | 'admin' | 'rep' | 'docs' | 'local', LocalHttpFunction> = {
    ingest: createHttpFunction(ingestHandlers(wireIngest(platform)), { onServerError }),
    // As in AWS: the gateway's authorizer checks the key, the admin function trusts it.
    admin: createHttpFunction(adminHandlers(wireAdmin(platform)), { trustGatewayAuthorizer: true, onServerError }),
    rep: createHttpFunction(repHandlers(wireRepLinks(platform)), { onServerError }),
    docs: createHttpFunction(docsHandlers(), { onServerError }),
    local: createHttpFunction(devHandlers({ outbox, ingestQueue, enrichmentQueue, channels, reps: config }), {
      onServerError,
    }),
  };

  const server = createLocalServer(functions, {
    authorizer: wireAuthorizer(platform),
    ...(options.log ? { log: options.log } : {}),
  });
  await listen(server, options.port ?? 3000);
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://localhost:${port}`;

  // Leads a previous run stored but never routed (it stopped with them queued) go back on the queue.
  const sweeper = wireSweeper(platform);
  await sweeper.requeueStranded(0);
  const sweepEveryMs = options.sweepEveryMs ?? 30_000;
  const sweep =
    sweepEveryMs > 0
      ? setInterval(
          () => void sweeper.requeueHeld().catch((error) => options.log?.(`sweep failed: ${String(error)}`)),
          sweepEveryMs,
        )
      : undefined;
  sweep?.unref();

  return {
    url: baseUrl,
    adminKey,
    tables,
    dynamoEndpoint,
    outbox,
    ingestQueue,
    enrichmentQueue,
    channels,
    config,
    leads: new DynamoLeadStore(documents, tables.leads),
    // Enrichment feeds the ingest queue, never the other way round.
    settled: async () => {
      await enrichmentQueue.idle();
      await ingestQueue.idle();
    },
    async stop() {
      if (sweep) clearInterval(sweep);
      ingestQueue.stop();
      enrichmentQueue.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      client.destroy();
      await dynamo?.stop();
    },
  };
}

/** The local link key: kept beside the data so links in the outbox survive a restart. */
function linkKeyFor(dataDir: string | undefined): string {
  if (!dataDir) return newSecret(32);
  const file = join(dirname(resolve(dataDir)), 'link-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = newSecret(32);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
