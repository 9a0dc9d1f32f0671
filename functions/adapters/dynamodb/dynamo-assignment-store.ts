import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand, GetCommand, TransactWriteCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { LeadStatus } from '../../core/lead';
import type { Pool } from '../../core/pool';
import type {
  AssignmentCommit, AssignmentStore, CommitResult, PoolSnapshot,
} from '../../core/ports';
import type { Rep } from '../../core/rep';
import type { RotationState } from '../../core/rotation';
import type { TableNames } from './table-definitions';
import { configKey, poolStateKey, stripKeys } from './config-keys';

/** Lead states an assigner may move a lead out of. */
const ASSIGNABLE: readonly LeadStatus[] = ['received', 'unassigned'];

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * Pool snapshots and atomic assignment commits. One commit is one TransactWriteItems: the
 * pool's rotation item (conditioned on `seq` and `configVersion`) and every lead of the
 * batch (each conditioned on still being assignable).
 */
export class DynamoAssignmentStore implements AssignmentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'leads' | 'config' | 'state'>,
  ) {}

  async loadPool(poolId: string): Promise<PoolSnapshot | undefined> {
    // The rotation item first: admin writes bump its configVersion in the same transaction
    // as the config change, so config read after it is at least as new as the version.
    const { Item: state } = await this.client.send(
      new GetCommand({ TableName: this.tables.state, Key: poolStateKey(poolId), ConsistentRead: true }),
    );
    if (!state) return undefined;
    const { Item: poolItem } = await this.client.send(
      new GetCommand({ TableName: this.tables.config, Key: configKey('pool', poolId), ConsistentRead: true }),
    );
    if (!poolItem) return undefined;
    const pool = stripKeys(poolItem) as unknown as Pool;
    const reps = await this.loadReps(pool.members.map((m) => m.repId));
    return {
      pool,
      reps,
      rotation: { seq: Number(state.seq ?? 0), members: (state.members ?? {}) as RotationState['members'] },
      configVersion: Number(state.configVersion ?? 0),
    };
  }

  private async loadReps(ids: string[]): Promise<Map<string, Rep>> {
    const reps = new Map<string, Rep>();
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((id) => configKey('rep', id));
      for (let round = 0; keys?.length && round < 5; round++) {
        const result: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tables.config]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[this.tables.config] ?? []) {
          const rep = stripKeys(item) as unknown as Rep;
          reps.set(rep.id, rep);
        }
        keys = result.UnprocessedKeys?.[this.tables.config]?.Keys;
      }
    }
    return reps;
  }

  async commit(commit: AssignmentCommit): Promise<CommitResult> {
    const items: TransactItem[] = [];
    if (commit.expected) {
      const condition = {
        TableName: this.tables.state,
        Key: poolStateKey(commit.poolId),
        ConditionExpression: 'seq = :seq AND configVersion = :cv',
      };
      const advances = commit.rotation.seq !== commit.expected.seq;
      items.push(
        advances
          ? {
              Update: {
                ...condition,
                UpdateExpression: 'SET seq = :next, members = :members',
                ExpressionAttributeValues: {
                  ':seq': commit.expected.seq,
                  ':cv': commit.expected.configVersion,
                  ':next': commit.rotation.seq,
                  ':members': commit.rotation.members,
                },
              },
            }
          : {
              ConditionCheck: {
                ...condition,
                ExpressionAttributeValues: { ':seq': commit.expected.seq, ':cv': commit.expected.configVersion },
              },
            },
      );
    }
    for (const lead of commit.leads) {
      const assigned = lead.status === 'assigned';
      items.push({
        Update: {
          TableName: this.tables.leads,
          Key: { id: lead.leadId },
          ConditionExpression: '#status IN (:received, :unassigned)',
          UpdateExpression: [
            'SET #status = :status, updatedAt = :at, statusCreatedAt = :sc,',
            'decisions = list_append(if_not_exists(decisions, :none), :decision)',
            lead.decision.poolId ? ', poolId = :pool' : '',
            assigned ? ', repId = :rep, assignedAt = :at' : '',
          ].join(' '),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': lead.status,
            ':received': ASSIGNABLE[0],
            ':unassigned': ASSIGNABLE[1],
            ':at': commit.at,
            ':sc': `${lead.status}#${lead.createdAt}`,
            ':none': [],
            ':decision': [lead.decision],
            ...(lead.decision.poolId ? { ':pool': lead.decision.poolId } : {}),
            ...(assigned ? { ':rep': lead.repId } : {}),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      });
    }
    return this.send(items, commit);
  }

  private async send(items: TransactItem[], commit: AssignmentCommit): Promise<CommitResult> {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return { status: 'committed' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const offset = commit.expected ? 1 : 0;
      if (commit.expected && reasons[0]?.Code === 'ConditionalCheckFailed') return { status: 'stale' };
      const settled = commit.leads.flatMap((lead, i) => {
        const reason = reasons[i + offset];
        if (reason?.Code !== 'ConditionalCheckFailed') return [];
        const item = reason.Item ? unmarshallStatus(reason.Item) : {};
        return [{ leadId: lead.leadId, ...item }];
      });
      if (settled.length > 0) return { status: 'leads_settled', leads: settled };
      return { status: 'contended' };
    }
  }
}

function unmarshallStatus(item: Record<string, { S?: string } | undefined>): { status?: LeadStatus; repId?: string } {
  return {
    ...(item.status?.S ? { status: item.status.S as LeadStatus } : {}),
    ...(item.repId?.S ? { repId: item.repId.S } : {}),
  };
}
