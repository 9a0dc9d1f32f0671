// The config table as the admin stores use it. Over 300 lines because every write is one
// transaction with its audit entry and the configVersion bumps of the pools it touches, and
// keeping those writes together is what keeps any of them from forgetting either.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord } from '../../core/admin/api-key-admin';
import type { ApiKeyStore } from '../../core/admin/ports';
import type { AuditEntry } from '../../core/audit/audit-entry';
import type { RuleSetStore } from '../../core/routing/ports';
import type { RuleSet } from '../../core/routing/rules';
import { ConflictError } from '../../core/shared/errors';
import type { SourceStore } from '../../core/sources/ports';
import type { Source } from '../../core/sources/source';
import type { Pool } from '../../core/team/pool';
import type { PoolStore, RepStore } from '../../core/team/ports';
import type { Rep } from '../../core/team/rep';
import { auditPut } from './dynamo-audit-log';
import { DynamoSourceDirectory } from './dynamo-source-directory';
import { type SourceSecrets, WITHHELD_SOURCE_SECRETS } from './sealed-source-secrets';
import type { TableNames } from './table-definitions';
import { type ConfigKind, configKey, poolStateKey, RULE_SET_KEY, stripKeys } from './table-keys';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * Reps, pools, sources, the rule set and API keys in the config table. Every write that
 * changes what an assigner may decide also bumps `configVersion` on the affected pools'
 * rotation items in the same transaction, so assigners' cached snapshots fail their
 * conditional write. Every write also puts its audit entry in that same transaction (single
 * writes became two-item transactions for it): an entry exists if and only if its change does.
 * Sources' secrets are sealed with `secrets`; without one, the store reads sources without
 * their secrets and refuses to store any (functions that hold no key).
 */
export class DynamoConfigStore
  extends DynamoSourceDirectory
  implements RepStore, PoolStore, SourceStore, RuleSetStore, ApiKeyStore
{
  constructor(
    client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'config' | 'state'>,
    secrets: SourceSecrets = WITHHELD_SOURCE_SECRETS,
  ) {
    super(client, tables.config, secrets);
  }

  getRep(id: string) {
    return this.getItem<Rep>('rep', id);
  }

  listReps() {
    return this.listKind<Rep>('rep');
  }

  async saveRep(rep: Rep, options: { expectedVersion?: number; touchPools: string[]; audit: AuditEntry }) {
    await this.transact([
      this.putVersioned('rep', rep.id, rep, options.expectedVersion),
      ...options.touchPools.map((poolId) => this.touchPool(poolId)),
      this.audit(options.audit),
    ]);
  }

  async deleteRep(id: string, expectedVersion: number, audit: AuditEntry) {
    await this.transact([this.deleteVersioned('rep', id, expectedVersion), this.audit(audit)]);
  }

  getPool(id: string) {
    return this.getItem<Pool>('pool', id);
  }

  listPools() {
    return this.listKind<Pool>('pool');
  }

  async savePool(pool: Pool, options: { expectedVersion?: number; audit: AuditEntry }) {
    const state: TransactItem =
      options.expectedVersion === undefined
        ? {
            Put: {
              TableName: this.tables.state,
              Item: { ...poolStateKey(pool.id), seq: 0, configVersion: 1, members: {} },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          }
        : this.touchPool(pool.id);
    await this.transact([
      this.putVersioned('pool', pool.id, pool, options.expectedVersion),
      state,
      this.audit(options.audit),
    ]);
  }

  async deletePool(id: string, expectedVersion: number, audit: AuditEntry) {
    await this.transact([
      this.deleteVersioned('pool', id, expectedVersion),
      { Delete: { TableName: this.tables.state, Key: poolStateKey(id) } },
      this.audit(audit),
    ]);
  }

  async resetRotation(poolId: string, audit: AuditEntry): Promise<boolean> {
    try {
      await this.transact([
        {
          Update: {
            TableName: this.tables.state,
            Key: poolStateKey(poolId),
            // The sequence keeps counting (decisions name it); configVersion makes cached snapshots stale.
            UpdateExpression: 'SET members = :none REMOVE fingerprint ADD configVersion :one',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':none': {}, ':one': 1 },
          },
        },
        this.audit(audit),
      ]);
      return true;
    } catch (error) {
      if (error instanceof ConflictError && error.code === 'version_conflict') return false;
      throw error;
    }
  }

  async listSources(): Promise<Source[]> {
    const items = await this.listKind<Record<string, unknown>>('source');
    return Promise.all(items.map((item) => this.secrets.open(item)));
  }

  async saveSource(source: Source, options: { expectedVersion?: number; previousKey?: string; audit: AuditEntry }) {
    const items: TransactItem[] = [
      this.putVersioned('source', source.id, await this.secrets.seal(source), options.expectedVersion),
      {
        Put: {
          TableName: this.tables.config,
          Item: { ...configKey('sourceKey', source.key), sourceId: source.id },
          ConditionExpression: 'attribute_not_exists(pk) OR sourceId = :id',
          ExpressionAttributeValues: { ':id': source.id },
        },
      },
    ];
    if (options.previousKey && options.previousKey !== source.key) {
      items.push({ Delete: { TableName: this.tables.config, Key: configKey('sourceKey', options.previousKey) } });
    }
    await this.transact([...items, this.audit(options.audit)]);
  }

  async deleteSource(source: Source, audit: AuditEntry) {
    await this.transact([
      this.deleteVersioned('source', source.id, source.version),
      { Delete: { TableName: this.tables.config, Key: configKey('sourceKey', source.key) } },
      this.audit(audit),
    ]);
  }

  findApiKey(hash: string) {
    return this.getItem<{ id: string; name: string }>('apiKey', hash);
  }

  async saveApiKey(key: { id: string; name: string; hash: string; createdAt: string }, audit: AuditEntry) {
    await this.transact([
      {
        Put: {
          TableName: this.tables.config,
          Item: { ...configKey('apiKey', key.hash), id: key.id, name: key.name, createdAt: key.createdAt },
        },
      },
      this.audit(audit),
    ]);
  }

  async deleteApiKeysNamed(name: string): Promise<number> {
    const keys = await this.listKind<{ name: string }>('apiKey', true);
    const doomed = keys.filter((k) => k.name === name);
    for (const key of doomed) {
      await this.client.send(new DeleteCommand({ TableName: this.tables.config, Key: { pk: key.pk, sk: key.sk } }));
    }
    return doomed.length;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const keys = await this.listKind<ApiKeyRecord>('apiKey');
    return keys.map(({ id, name, createdAt }) => ({ id, name, createdAt }));
  }

  async deleteApiKey(id: string, audit: AuditEntry): Promise<boolean> {
    // Keys are stored by hash (what authentication looks up); few enough to find by id in one query.
    const key = (await this.listKind<{ id: string }>('apiKey', true)).find((k) => k.id === id);
    if (!key) return false;
    try {
      await this.transact([
        {
          Delete: {
            TableName: this.tables.config,
            Key: { pk: key.pk, sk: key.sk },
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        this.audit(audit),
      ]);
      return true;
    } catch (error) {
      if (error instanceof ConflictError && error.code === 'version_conflict') return false;
      throw error;
    }
  }

  async getRuleSet(): Promise<RuleSet | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tables.config, Key: RULE_SET_KEY, ConsistentRead: true }),
    );
    return Item ? (stripKeys(Item) as unknown as RuleSet) : undefined;
  }

  async saveRuleSet(ruleSet: RuleSet, expectedVersion: number, audit: AuditEntry): Promise<void> {
    await this.transact([
      {
        Put: {
          TableName: this.tables.config,
          Item: { ...ruleSet, ...RULE_SET_KEY },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
        },
      },
      this.audit(audit),
    ]);
  }

  private async listKind<T>(kind: ConfigKind, keepKeys: true): Promise<(T & { pk: string; sk: string })[]>;
  private async listKind<T>(kind: ConfigKind): Promise<T[]>;
  private async listKind<T>(kind: ConfigKind, keepKeys = false): Promise<T[]> {
    const items: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tables.config,
          KeyConditionExpression: 'pk = :kind',
          ExpressionAttributeValues: { ':kind': kind },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of result.Items ?? []) items.push((keepKeys ? item : stripKeys(item)) as T);
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  private putVersioned(kind: ConfigKind, id: string, item: object, expectedVersion: number | undefined): TransactItem {
    return {
      Put: {
        TableName: this.tables.config,
        Item: { ...item, ...configKey(kind, id) },
        ...(expectedVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
      },
    };
  }

  private touchPool(poolId: string): TransactItem {
    return {
      Update: {
        TableName: this.tables.state,
        Key: poolStateKey(poolId),
        UpdateExpression: 'ADD configVersion :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
      },
    };
  }

  private deleteVersioned(kind: ConfigKind, id: string, expectedVersion: number): TransactItem {
    return {
      Delete: {
        TableName: this.tables.config,
        Key: configKey(kind, id),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': expectedVersion },
      },
    };
  }

  private audit(entry: AuditEntry): TransactItem {
    return auditPut(this.tables.config, entry);
  }

  private async transact(items: TransactItem[]) {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const codes = (error.CancellationReasons ?? []).map((r) => r.Code);
        // A pool's rotation item is also written by assigners; a collision with one is
        // momentary, a failed condition is a real conflict.
        const collided = codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
        if (!collided || attempt >= 5) throw versionConflict();
        await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
      }
    }
  }
}

function versionConflict(): ConflictError {
  return new ConflictError(
    'It changed while this request was being handled; read it again and retry',
    undefined,
    'version_conflict',
  );
}
