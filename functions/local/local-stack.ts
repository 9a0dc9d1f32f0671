import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAdminAuthenticator, hashApiKey } from '../core/admin-keys';
import type { Lead } from '../core/lead';
import { createLeadAssigner, type AssignerOptions } from '../core/assign-leads';
import { newSecret } from '../core/ids';
import { toLeadMessage } from '../core/lead';
import { noMetrics, systemClock, type Clock } from '../core/ports';
import { CachedRuleSetReader } from '../adapters/cached-rule-set-reader';
import { CachedSourceDirectory } from '../adapters/cached-source-directory';
import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadEnrichmentStore, DynamoLeadIntake } from '../adapters/dynamodb/dynamo-lead-intake';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { DynamoRuleSetReader } from '../adapters/dynamodb/dynamo-rule-set-reader';
import { prefixedTableNames, type TableNames } from '../adapters/dynamodb/table-definitions';
import { InProcessQueue } from '../adapters/local/in-process-queue';
import { LocalEnrichmentQueue } from '../adapters/local/local-enrichment-queue';
import { LocalLeadQueue } from '../adapters/local/local-lead-queue';
import { OutboxNotifier } from '../adapters/local/outbox-notifier';
import { MetaGraphClient } from '../adapters/meta/meta-graph-client';
import { createAdminAuthorizer } from '../http/admin-authorizer';
import { createHttpFunction } from '../http/lambda-http';
import { adminHandlers } from '../http/handlers/admin-handlers';
import { ingestHandlers } from '../http/handlers/ingest-handlers';
import { createAssignerFunction } from '../queue/assigner-function';
import { createEnrichmentFunction } from '../queue/enrichment-function';
import { devHandlers } from './dev-handlers';
import { ensureTables, LOCAL_AWS, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { createLocalServer, localContext, type LocalHttpFunction } from './local-server';

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
  log?: (line: string) => void;
}

export interface LocalStack {
  url: string;
  adminKey: string;
  tables: TableNames;
  dynamoEndpoint: string;
  outbox: OutboxNotifier;
  ingestQueue: InProcessQueue;
  /** Meta leads waiting for their Graph API details. */
  enrichmentQueue: InProcessQueue;
  config: DynamoConfigStore;
  leads: DynamoLeadStore;
  /** Resolves when every queued lead has been handled. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export const LOCAL_ADMIN_KEY_NAME = 'local-dev';

/**
 * The whole system on one machine: DynamoDB Local with the shared table definitions, the
 * same handlers behind a local HTTP server, the ingest queue in process, and an outbox in
 * place of SNS.
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

  const config = new DynamoConfigStore(documents, tables);
  const leads = new DynamoLeadStore(documents, tables.leads);
  const intake = new DynamoLeadIntake(documents, tables);
  const outbox = new OutboxNotifier(clock);
  const ingestQueue = new InProcessQueue({ name: 'leadrouter-ingest', batchSize: 10, concurrency: 2 });
  const enrichmentQueue = new InProcessQueue({ name: 'leadrouter-enrichment', batchSize: 10, concurrency: 2 });

  const assigner = createLeadAssigner(
    {
      sources: new CachedSourceDirectory(config, clock, sourceCacheMs),
      store: new DynamoAssignmentStore(documents, tables),
      notifier: outbox,
      clock,
      metrics: noMetrics,
      rules: new CachedRuleSetReader(new DynamoRuleSetReader(documents, tables.config), clock, options.ruleCacheMs ?? sourceCacheMs),
    },
    options.assigner,
  );
  const assignerFunction = createAssignerFunction(assigner, {
    onRecordFailed: (record, error) => options.log?.(`assigner: message ${record.messageId} failed: ${String(error)}`),
  });
  ingestQueue.subscribe((event) => assignerFunction(event, localContext('assigner', 'batch')));
  const enrichmentFunction = createEnrichmentFunction(
    {
      sources: new CachedSourceDirectory(config, clock, sourceCacheMs),
      graph: new MetaGraphClient(options.graphFetch ? { fetch: options.graphFetch } : {}),
      leads: new DynamoLeadEnrichmentStore(documents, tables.leads),
      queue: new LocalLeadQueue(ingestQueue),
      clock,
    },
    { onRecordFailed: (record, error) => options.log?.(`enrichment: message ${record.messageId} failed: ${String(error)}`) },
  );
  enrichmentQueue.subscribe((event) => enrichmentFunction(event, localContext('enricher', 'batch')));

  const adminKey = options.adminKey ?? `lr_dev_${newSecret(18)}`;
  await config.deleteApiKeysNamed(LOCAL_ADMIN_KEY_NAME);
  await config.saveApiKey({ id: 'key_local', name: LOCAL_ADMIN_KEY_NAME, hash: hashApiKey(adminKey), createdAt: clock.now().toISOString() });

  const logServerError = (error: unknown, request: { routeKey: string; requestId: string }) =>
    options.log?.(`error in ${request.routeKey} (${request.requestId}): ${(error as Error)?.stack ?? String(error)}`);
  const functions: Record<'ingest' | 'admin' | 'local', LocalHttpFunction> = {
    ingest: createHttpFunction(
      ingestHandlers({
        sources: new CachedSourceDirectory(config, clock, sourceCacheMs),
        intake,
        leads,
        queue: new LocalLeadQueue(ingestQueue),
        enrichment: new LocalEnrichmentQueue(enrichmentQueue),
        clock,
      }),
      { onServerError: logServerError },
    ),
    // As in AWS: the gateway's authorizer checks the key, the admin function trusts it.
    admin: createHttpFunction(adminHandlers({ config, clock, leads }), { trustGatewayAuthorizer: true, onServerError: logServerError }),
    local: createHttpFunction(devHandlers({ outbox, ingestQueue, enrichmentQueue }), { onServerError: logServerError }),
  };
  const authorizer = createAdminAuthorizer(createAdminAuthenticator({ config, clock }, options.adminKeyCacheMs ?? 30_000));

  const server = createLocalServer(functions, { authorizer, ...(options.log ? { log: options.log } : {}) });
  await listen(server, options.port ?? 3000);
  const { port } = server.address() as AddressInfo;

  await requeueReceivedLeads(leads, new LocalLeadQueue(ingestQueue), new LocalEnrichmentQueue(enrichmentQueue));

  return {
    url: `http://localhost:${port}`,
    adminKey,
    tables,
    dynamoEndpoint,
    outbox,
    ingestQueue,
    enrichmentQueue,
    config,
    leads,
    // Enrichment feeds the ingest queue, never the other way round.
    settled: async () => {
      await enrichmentQueue.idle();
      await ingestQueue.idle();
    },
    async stop() {
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

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Leads a previous run stored but never routed (it stopped with them queued) are queued again. */
async function requeueReceivedLeads(leads: DynamoLeadStore, queue: LocalLeadQueue, enrichment: LocalEnrichmentQueue) {
  let cursor: string | undefined;
  do {
    const page = await leads.list({ status: 'received', limit: 100, ...(cursor ? { cursor } : {}) });
    for (const lead of page.leads) {
      if (lead.enrichment === 'pending') await enrichment.enqueue(enrichmentJobOf(lead));
      else await queue.enqueue(toLeadMessage(lead));
    }
    cursor = page.nextCursor;
  } while (cursor);
}

function enrichmentJobOf(lead: Lead) {
  return { leadId: lead.id, sourceId: lead.sourceId, createdAt: lead.createdAt, leadgenId: lead.custom.leadgen_id ?? '', custom: lead.custom };
}
