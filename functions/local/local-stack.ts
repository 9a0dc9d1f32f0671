import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueueTimers } from '../adapters/assigner-queue/queue-timers';
import { QueuedNotifier } from '../adapters/assigner-queue/queued-notifier';
import { CachedRuleSetReader } from '../adapters/caching/cached-rule-set-reader';
import { CachedSourceDirectory } from '../adapters/caching/cached-source-directory';
import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadEnrichmentStore, DynamoLeadIntake } from '../adapters/dynamodb/dynamo-lead-intake';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { DynamoLeadTransitions } from '../adapters/dynamodb/dynamo-lead-transitions';
import { DynamoQueuedLeads } from '../adapters/dynamodb/dynamo-queued-leads';
import { DynamoReminderLedger } from '../adapters/dynamodb/dynamo-reminder-ledger';
import { DynamoRuleSetReader } from '../adapters/dynamodb/dynamo-rule-set-reader';
import { prefixedTableNames, type TableNames } from '../adapters/dynamodb/table-definitions';
import { InProcessQueue } from '../adapters/local/in-process-sqs';
import { LocalLeadQueue } from '../adapters/local/local-assigner-queue';
import { LocalEnrichmentQueue } from '../adapters/local/local-enrichment-queue';
import { OutboxNotifier } from '../adapters/local/outbox-notifier';
import { RecordedRepChannels } from '../adapters/local/recorded-rep-channels';
import { MetaGraphClient } from '../adapters/meta/meta-graph-client';
import { createAdminAuthenticator, hashApiKey } from '../core/admin/admin-keys';
import { type AssignerOptions, createLeadAssigner } from '../core/assignment/assigner';
import { anyoneEligible, requeueHeldLeads, requeueStrandedLeads } from '../core/assignment/held-leads';
import { handleLeadTimer } from '../core/assignment/lead-timers';
import { LinkSigner } from '../core/links/link-tokens';
import { createQueueReminders } from '../core/pull-queues/queue-reminders';
import { newSecret } from '../core/shared/ids';
import {
  type Clock,
  type LinkIssuer,
  type Notifier,
  noMetrics,
  type QueueLinkIssuer,
  systemClock,
} from '../core/shared/ports';
import { createAdminAuthorizer } from '../http/admin-authorizer';
import { adminHandlers } from '../http/handlers/admin-handlers';
import { docsHandlers } from '../http/handlers/docs-handlers';
import { ingestHandlers } from '../http/handlers/ingest-handlers';
import { repHandlers } from '../http/handlers/rep-handlers';
import { createHttpFunction } from '../http/lambda-http';
import { linkIssuer, queueLinkIssuer } from '../http/link-urls';
import { createAssignerFunction } from '../sqs/assigner-function';
import { createEnrichmentFunction } from '../sqs/enrichment-function';
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
  random?: () => number;
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
  ingestQueue: InProcessQueue;
  /** Meta leads waiting for their Graph API details. */
  enrichmentQueue: InProcessQueue;
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
  const enrichment = new LocalEnrichmentQueue(enrichmentQueue);
  const queue = new LocalLeadQueue(ingestQueue);
  const store = new DynamoAssignmentStore(documents, tables);
  const requeueHeld = (poolIds?: readonly string[]) =>
    requeueHeldLeads(
      { config, leads, queue, clock, mayTakeLeads: anyoneEligible((id) => store.loadPool(id)) },
      poolIds,
    );

  const signer = new LinkSigner(options.linkKey ?? linkKeyFor(options.dataDir));
  const timers = new QueueTimers(queue, clock);
  // Links name the server's address, known once it listens.
  let baseUrl = '';
  const links: LinkIssuer = (claims) => linkIssuer(signer, baseUrl)(claims);
  const queueLinks: QueueLinkIssuer = (claims) => queueLinkIssuer(signer, baseUrl)(claims);
  const ledger = new DynamoReminderLedger(documents, tables.state);
  const queuedNotifier = new QueuedNotifier(queue);
  // Each function has its own reminder service, as each Lambda would; the ledger is shared.
  const reminders = (notifier: Notifier) =>
    createQueueReminders({ ledger, notifier, links: queueLinks, metrics: noMetrics });

  const assigner = createLeadAssigner(
    {
      sources: new CachedSourceDirectory(config, clock, sourceCacheMs),
      store,
      notifier: outbox,
      clock,
      metrics: noMetrics,
      links,
      timers,
      sticky: leads,
      rules: new CachedRuleSetReader(
        new DynamoRuleSetReader(documents, tables.config),
        clock,
        options.ruleCacheMs ?? sourceCacheMs,
      ),
      reminders: reminders(outbox),
      ...(options.random ? { random: options.random } : {}),
    },
    options.assigner,
  );
  const channels = new RecordedRepChannels(config);
  const assignerFunction = createAssignerFunction(assigner, {
    notifier: outbox,
    channels,
    onTimer: (timer) => handleLeadTimer({ leads, pools: config, assigner, timers, clock, metrics: noMetrics }, timer),
    onRecordFailed: (record, error) => options.log?.(`assigner: message ${record.messageId} failed: ${String(error)}`),
  });
  ingestQueue.subscribe((event) => assignerFunction(event, localContext('assigner', 'batch')));
  const enrichmentFunction = createEnrichmentFunction(
    {
      sources: new CachedSourceDirectory(config, clock, sourceCacheMs),
      graph: new MetaGraphClient(options.graphFetch ? { fetch: options.graphFetch } : {}),
      leads: new DynamoLeadEnrichmentStore(documents, tables.leads),
      queue,
      clock,
    },
    {
      onRecordFailed: (record, error) =>
        options.log?.(`enrichment: message ${record.messageId} failed: ${String(error)}`),
    },
  );
  enrichmentQueue.subscribe((event) => enrichmentFunction(event, localContext('enricher', 'batch')));

  const adminKey = options.adminKey ?? `lr_dev_${newSecret(18)}`;
  await config.deleteApiKeysNamed(LOCAL_ADMIN_KEY_NAME);
  await config.saveApiKey({
    id: 'key_local',
    name: LOCAL_ADMIN_KEY_NAME,
    hash: hashApiKey(adminKey),
    createdAt: clock.now().toISOString(),
  });

  const logServerError = (error: unknown, request: { routeKey: string; requestId: string }) =>
    options.log?.(`error in ${request.routeKey} (${request.requestId}): ${(error as Error)?.stack ?? String(error)}`);
  const functions: Record<'ingest' | 'admin' | 'rep' | 'docs' | 'local', LocalHttpFunction> = {
    ingest: createHttpFunction(
      ingestHandlers({
        sources: new CachedSourceDirectory(config, clock, sourceCacheMs),
        intake,
        leads,
        queue,
        enrichment,
        clock,
      }),
      { onServerError: logServerError },
    ),
    admin: createHttpFunction(
      adminHandlers({
        config,
        clock,
        leads,
        sources: config,
        store,
        loads: store,
        transitions: new DynamoLeadTransitions(documents, tables),
        notifier: queuedNotifier,
        queue,
        requeueHeld,
        syncChannels: (repId) => queue.enqueueChannelSync(repId),
        links,
        timers,
        rules: new DynamoRuleSetReader(documents, tables.config),
        sticky: leads,
        signer,
        queuedLeads: new DynamoQueuedLeads(documents, tables.leads),
        reminders: reminders(queuedNotifier),
        ...(options.random ? { random: options.random } : {}),
      }),
      {
        // As in AWS: the gateway's authorizer checks the key, the admin function trusts it.
        trustGatewayAuthorizer: true,
        onServerError: logServerError,
      },
    ),
    rep: createHttpFunction(
      repHandlers({
        signer,
        leads,
        config,
        loads: store,
        store,
        transitions: new DynamoLeadTransitions(documents, tables),
        clock,
        metrics: noMetrics,
        queued: new DynamoQueuedLeads(documents, tables.leads),
        notifier: queuedNotifier,
        links,
        timers,
        reminders: reminders(queuedNotifier),
      }),
      { onServerError: logServerError },
    ),
    docs: createHttpFunction(docsHandlers(), { onServerError: logServerError }),
    local: createHttpFunction(devHandlers({ outbox, ingestQueue, enrichmentQueue, channels }), {
      onServerError: logServerError,
    }),
  };
  const authorizer = createAdminAuthorizer(
    createAdminAuthenticator({ config, clock }, options.adminKeyCacheMs ?? 30_000),
  );

  const server = createLocalServer(functions, { authorizer, ...(options.log ? { log: options.log } : {}) });
  await listen(server, options.port ?? 3000);
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://localhost:${port}`;

  // Leads a previous run stored but never routed (it stopped with them queued) go back on the queue.
  await requeueStrandedLeads({ leads, queue, enrichment }, clock.now(), 0);
  const sweepEveryMs = options.sweepEveryMs ?? 30_000;
  const sweep =
    sweepEveryMs > 0
      ? setInterval(
          () => void requeueHeld().catch((error) => options.log?.(`sweep failed: ${String(error)}`)),
          sweepEveryMs,
        )
      : undefined;
  sweep?.unref();

  return {
    url: `http://localhost:${port}`,
    adminKey,
    tables,
    dynamoEndpoint,
    outbox,
    ingestQueue,
    enrichmentQueue,
    channels,
    config,
    leads,
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
