import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { PartRef, TableStore } from '../../core/tables/ports';
import type { TableHead } from '../../core/tables/table';

/** Heads share one partition (a handful of small items, listed with one query). */
const HEADS = 'head';
/** Batch requests in flight at once: an upload of 100,000 rows is about 100 batch writes. */
const WRITE_CONCURRENCY = 8;

const headKey = (name: string) => ({ pk: HEADS, sk: name });
/** Every part is its own partition, so an upload's writes and hot lookups spread over the table. */
const partKey = (name: string, version: number, part: string) => ({ pk: `${name}#${version}#${part}`, sk: 'part' });

/**
 * Lookup tables in their own DynamoDB table: a head item per table (in one partition) and
 * the packed parts of each kept version (one partition each). Parts are written before the
 * head points at them, and read consistently, so a lookup never misses a part its head names.
 */
export class DynamoTableStore implements TableStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async head(name: string): Promise<TableHead | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: headKey(name), ConsistentRead: true }),
    );
    return Item?.current ? toHead(Item) : undefined;
  }

  async listHeads(): Promise<TableHead[]> {
    const heads: TableHead[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': HEADS },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) if (item.current) heads.push(toHead(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return heads;
  }

  async reserveVersion(name: string): Promise<number> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: headKey(name),
        UpdateExpression: 'ADD nextVersion :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.nextVersion);
  }

  async parts(refs: readonly PartRef[]): Promise<(string | undefined)[]> {
    const found = new Map<string, string>();
    const chunks: Record<string, unknown>[][] = [];
    for (let i = 0; i < refs.length; i += 100) {
      chunks.push(refs.slice(i, i + 100).map((r) => partKey(r.table, r.version, r.part)));
    }
    // A lookup is one request; reading a whole version (a download, a diff) runs a few at once.
    const worker = async () => {
      for (let keys = chunks.shift(); keys?.length; keys = chunks.shift()) await this.readChunk(keys, found);
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, chunks.length) }, worker));
    return refs.map((r) => found.get(partKey(r.table, r.version, r.part).pk));
  }

  private async readChunk(first: Record<string, unknown>[], found: Map<string, string>): Promise<void> {
    let keys: Record<string, unknown>[] | undefined = first;
    for (let round = 0; keys?.length; round++) {
      if (round > 0) await this.sleep(Math.min(1_000, 25 * 2 ** round));
      const result: BatchGetCommandOutput = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const item of result.Responses?.[this.table] ?? []) found.set(String(item.pk), String(item.rows ?? ''));
      keys = result.UnprocessedKeys?.[this.table]?.Keys;
      if (round >= 8 && keys?.length) throw new Error('DynamoDB kept parts of a batch read unprocessed');
    }
  }

  async writeParts(name: string, version: number, parts: ReadonlyMap<string, string>): Promise<void> {
    const requests = [...parts].map(([part, rows]) => ({
      PutRequest: { Item: { ...partKey(name, version, part), rows } },
    }));
    await this.batchWrite(requests);
  }

  async deleteParts(name: string, version: number, partIds: readonly string[]): Promise<void> {
    await this.batchWrite(partIds.map((part) => ({ DeleteRequest: { Key: partKey(name, version, part) } })));
  }

  async switchVersion(head: TableHead, expectedVersion: number): Promise<boolean> {
    const { previous, ...rest } = head;
    const values: Record<string, unknown> = {
      ':kind': rest.kind,
      ':target': rest.target,
      ':fallback': rest.fallback,
      ':current': rest.current,
      ':createdAt': rest.createdAt,
      ':updatedAt': rest.updatedAt,
    };
    if (previous) values[':previous'] = previous;
    if (expectedVersion > 0) values[':expected'] = expectedVersion;
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: headKey(head.name),
        UpdateExpression: `SET kind = :kind, target = :target, fallback = :fallback, #current = :current, createdAt = :createdAt, updatedAt = :updatedAt${previous ? ', previous = :previous' : ' REMOVE previous'}`,
        ConditionExpression: expectedVersion > 0 ? '#current.version = :expected' : 'attribute_not_exists(#current)',
        ExpressionAttributeNames: { '#current': 'current' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  async deleteHead(name: string, expectedVersion: number): Promise<boolean> {
    // The version counter stays, so a table made again under the name never reuses a version.
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: headKey(name),
        UpdateExpression: 'REMOVE kind, target, fallback, #current, previous, createdAt, updatedAt',
        ConditionExpression: '#current.version = :expected',
        ExpressionAttributeNames: { '#current': 'current' },
        ExpressionAttributeValues: { ':expected': expectedVersion },
      }),
    );
  }

  private async conditional(command: UpdateCommand): Promise<boolean> {
    try {
      await this.client.send(command);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** BatchWriteItem in 25s, a few in flight, unprocessed items retried with backoff. */
  private async batchWrite(requests: Record<string, unknown>[]): Promise<void> {
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < requests.length; i += 25) batches.push(requests.slice(i, i + 25));
    const worker = async () => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        let pending: Record<string, unknown>[] | undefined = batch;
        for (let round = 0; pending?.length; round++) {
          if (round > 0) await this.sleep(Math.min(2_000, 25 * 2 ** round));
          if (round > 10) throw new Error('DynamoDB kept part of a batch write unprocessed');
          const result: BatchWriteCommandOutput = await this.client.send(
            new BatchWriteCommand({ RequestItems: { [this.table]: pending as never } }),
          );
          pending = result.UnprocessedItems?.[this.table] as Record<string, unknown>[] | undefined;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, batches.length) }, worker));
  }
}

function toHead(item: Record<string, unknown>): TableHead {
  return {
    name: String(item.sk),
    kind: item.kind as TableHead['kind'],
    target: item.target as TableHead['target'],
    fallback: item.fallback === true,
    current: item.current as TableHead['current'],
    ...(item.previous ? { previous: item.previous as TableHead['current'] } : {}),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}
