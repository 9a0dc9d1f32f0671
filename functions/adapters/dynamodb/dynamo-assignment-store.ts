// Pool snapshots and the assignment commit. Over 300 lines because the transaction's
// conditions and the reading back of a cancellation must match item for item.
import { type AttributeValue, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type AssignmentCommit,
  type AssignmentStore,
  type CommitResult,
  isOwned,
  type LeadSettlement,
  type PoolSnapshot,
  type RotationExpectation,
  type SettledLead,
} from '../../core/assignment/ports';
import type { LeadOffer, LeadStatus } from '../../core/leads/lead';
import type { RotationState } from '../../core/methods/rotation';
import type { Pool } from '../../core/team/pool';
import type { Rep, RepLoad } from '../../core/team/rep';
import { isWaiting } from './dynamo-lead-store';
import { repLoadRelease, repLoadUpdate, type TransactItem } from './rep-load-items';
import type { TableNames } from './table-definitions';
import { configKey, poolStateKey, repLoadKey, stripKeys } from './table-keys';

/** Lead states an assigner may move a lead out of. */
const ASSIGNABLE: readonly LeadStatus[] = ['received', 'unassigned'];

/**
 * Pool snapshots and atomic assignment commits. One commit is one TransactWriteItems: the
 * pool's rotation item (conditioned on `seq` and `configVersion`), the rotations of pools
 * the leads fell back from (checked), each chosen rep's load counters (conditioned on its
 * caps) and every lead of the batch (each conditioned on still being assignable).
 */
export class DynamoAssignmentStore implements AssignmentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'leads' | 'config' | 'state'>,
  ) {}

  async loadPool(poolId: string, known?: PoolSnapshot): Promise<PoolSnapshot | undefined> {
    // The rotation item first: admin writes bump its configVersion in the same transaction
    // as the config change, so config read after it is at least as new as the version.
    const { Item: state } = await this.client.send(
      new GetCommand({ TableName: this.tables.state, Key: poolStateKey(poolId), ConsistentRead: true }),
    );
    if (!state) return undefined;
    const rotation: RotationState = {
      seq: Number(state.seq ?? 0),
      members: (state.members ?? {}) as RotationState['members'],
      ...(state.fingerprint ? { fingerprint: String(state.fingerprint) } : {}),
    };
    const configVersion = Number(state.configVersion ?? 0);
    if (known && known.configVersion === configVersion) {
      // Every change to the pool or its reps bumps the version: only rotation and loads moved.
      const loads = await this.loadRepLoads(known.pool.members.map((m) => m.repId));
      return { ...known, rotation, loads, configVersion };
    }
    const { Item: poolItem } = await this.client.send(
      new GetCommand({ TableName: this.tables.config, Key: configKey('pool', poolId), ConsistentRead: true }),
    );
    if (!poolItem) return undefined;
    const pool = stripKeys(poolItem) as unknown as Pool;
    const repIds = pool.members.map((m) => m.repId);
    const [repItems, loads] = await Promise.all([
      this.batchGet(
        this.tables.config,
        repIds.map((id) => configKey('rep', id)),
      ),
      this.loadRepLoads(repIds),
    ]);
    const reps = new Map<string, Rep>();
    for (const item of repItems) {
      const rep = stripKeys(item) as unknown as Rep;
      reps.set(rep.id, rep);
    }
    return { pool, reps, loads, rotation, configVersion };
  }

  async loadRepLoads(repIds: readonly string[]): Promise<Map<string, RepLoad>> {
    const items = await this.batchGet(this.tables.state, repIds.map(repLoadKey));
    return new Map(items.map((item) => [String(item.pk).slice('rep#'.length), loadOf(item)]));
  }

  /** Reps and their loads in one BatchGetItem across the config and state tables, read consistently. */
  async loadReps(repIds: readonly string[]): Promise<{ reps: Map<string, Rep>; loads: Map<string, RepLoad> }> {
    const reps = new Map<string, Rep>();
    const loads = new Map<string, RepLoad>();
    const { config, state } = this.tables;
    for (let i = 0; i < repIds.length; i += 50) {
      const ids = repIds.slice(i, i + 50);
      let request: BatchGetCommandOutput['UnprocessedKeys'] = {
        [config]: { Keys: ids.map((id) => configKey('rep', id)), ConsistentRead: true },
        [state]: { Keys: ids.map(repLoadKey), ConsistentRead: true },
      };
      for (let round = 0; request && Object.keys(request).length > 0 && round < 5; round++) {
        const result: BatchGetCommandOutput = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of result.Responses?.[config] ?? []) {
          const rep = stripKeys(item) as unknown as Rep;
          reps.set(rep.id, rep);
        }
        for (const item of result.Responses?.[state] ?? [])
          loads.set(String(item.pk).slice('rep#'.length), loadOf(item));
        request = result.UnprocessedKeys;
      }
    }
    return { reps, loads };
  }

  private async batchGet(table: string, keys: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let request: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
      for (let round = 0; request?.length && round < 5; round++) {
        const result: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: request, ConsistentRead: true } } }),
        );
        items.push(...(result.Responses?.[table] ?? []));
        request = result.UnprocessedKeys?.[table]?.Keys;
      }
    }
    return items;
  }

  async commit(commit: AssignmentCommit): Promise<CommitResult> {
    const items: TransactItem[] = [];
    if (commit.expected) items.push(this.rotationItem(commit.expected, commit.rotation));
    for (const check of commit.checks) items.push(this.rotationCheck(check));
    // An owner who loses a lead (an SLA move, a pass, a rep leaving) frees one open lead. A
    // transaction touches each rep's item once: gains and losses of one rep are netted.
    const released = new Map<string, number>();
    for (const repId of commit.leads.flatMap((l) => l.releases ?? []))
      released.set(repId, (released.get(repId) ?? 0) + 1);
    for (const load of commit.loads) items.push(repLoadUpdate(this.tables.state, load, released.get(load.repId)));
    for (const lead of commit.leads) items.push(this.leadItem(lead, commit.at));
    for (const [repId, count] of released) {
      if (!commit.loads.some((c) => c.repId === repId)) items.push(repLoadRelease(this.tables.state, repId, count));
    }

    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return { status: 'committed' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      return this.readCancellation(commit, error.CancellationReasons ?? []);
    }
  }

  private readCancellation(
    commit: AssignmentCommit,
    reasons: NonNullable<TransactionCanceledException['CancellationReasons']>,
  ): CommitResult {
    const failed = (index: number) => reasons[index]?.Code === 'ConditionalCheckFailed';
    const rotationAt = commit.expected ? 1 : 0;
    const checksAt = rotationAt;
    const loadsAt = checksAt + commit.checks.length;
    const leadsAt = loadsAt + commit.loads.length;

    const settled = commit.leads.flatMap((lead, i) => {
      if (!failed(leadsAt + i)) return [];
      const item = reasons[leadsAt + i]?.Item;
      return [item ? settledLead(lead.leadId, item) : { leadId: lead.leadId }];
    });
    if (settled.length > 0) return { status: 'leads_settled', leads: settled };
    const stalePools = commit.checks.filter((_, i) => failed(checksAt + i)).map((c) => c.poolId);
    if (stalePools.length > 0) return { status: 'stale', poolIds: stalePools };
    const ownStale = (commit.expected && failed(0)) || commit.loads.some((_, i) => failed(loadsAt + i));
    if (ownStale) return { status: 'stale', poolIds: [] };
    return { status: 'contended' };
  }

  private rotationItem(expected: RotationExpectation, rotation: RotationState): TransactItem {
    const key = {
      TableName: this.tables.state,
      Key: poolStateKey(expected.poolId),
      ConditionExpression: 'seq = :seq AND configVersion = :cv',
    };
    if (rotation.seq === expected.seq) {
      return {
        ConditionCheck: { ...key, ExpressionAttributeValues: { ':seq': expected.seq, ':cv': expected.configVersion } },
      };
    }
    return {
      Update: {
        ...key,
        UpdateExpression: `SET seq = :next, members = :members${rotation.fingerprint ? ', fingerprint = :fp' : ''}`,
        ExpressionAttributeValues: {
          ':seq': expected.seq,
          ':cv': expected.configVersion,
          ':next': rotation.seq,
          ':members': rotation.members,
          ...(rotation.fingerprint ? { ':fp': rotation.fingerprint } : {}),
        },
      },
    };
  }

  private rotationCheck(check: RotationExpectation): TransactItem {
    return {
      ConditionCheck: {
        TableName: this.tables.state,
        Key: poolStateKey(check.poolId),
        ConditionExpression: 'seq = :seq AND configVersion = :cv',
        ExpressionAttributeValues: { ':seq': check.seq, ':cv': check.configVersion },
      },
    };
  }

  private leadItem(lead: LeadSettlement, at: string): TransactItem {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':status': lead.status,
      ':at': at,
      ':sc': `${lead.status}#${lead.createdAt}`,
      ':none': [],
      ':decisions': lead.decisions,
    };
    const sets = [
      '#status = :status',
      'updatedAt = :at',
      'statusCreatedAt = :sc',
      'decisions = list_append(if_not_exists(decisions, :none), :decisions)',
    ];
    const removes: string[] = [];
    if (lead.poolId) {
      sets.push('poolId = :pool');
      values[':pool'] = lead.poolId;
    }
    if (lead.status === 'assigned') {
      sets.push('repId = :rep', 'assignedAt = :at');
      values[':rep'] = lead.repId;
    } else if (isOwned(lead.from)) {
      removes.push('repId');
    }
    // A new owner accepts afresh.
    if (isOwned(lead.from)) removes.push('acceptedAt', 'responseSeconds', 'speedToLeadSeconds');
    if (lead.offer) {
      sets.push('offer = :offer');
      values[':offer'] = lead.offer;
    } else if (lead.from?.status === 'offered') {
      removes.push('offer');
    }
    if (lead.slaReassignments !== undefined) {
      sets.push('slaReassignments = :sla');
      values[':sla'] = lead.slaReassignments;
    }
    // The sparse waiting-status index: present while the lead waits on someone.
    if (isWaiting(lead.status)) sets.push('waiting = :status');
    else removes.push('waiting');
    if (lead.status === 'queued' && lead.poolId && lead.queueRank) {
      // The keys of the sparse score index: present only while the lead waits in a queue.
      sets.push('queuePoolId = :pool', 'queueRank = :queueRank');
      values[':queueRank'] = lead.queueRank;
    }

    let condition: string;
    if (lead.from?.status === 'offered') {
      condition = '#status = :was AND offer.round = :round';
      values[':was'] = 'offered';
      values[':round'] = lead.from.round;
    } else if (isOwned(lead.from)) {
      condition = `#status = :was AND repId = :owner AND ${lead.from.reassignments === 0 ? '(attribute_not_exists(slaReassignments) OR slaReassignments = :n)' : 'slaReassignments = :n'}`;
      values[':was'] = lead.from.status;
      values[':owner'] = lead.from.repId;
      values[':n'] = lead.from.reassignments;
    } else if (lead.from?.status === 'held') {
      condition = '#status = :was';
      values[':was'] = 'held';
    } else {
      condition = '#status IN (:received, :unassigned)';
      values[':received'] = ASSIGNABLE[0];
      values[':unassigned'] = ASSIGNABLE[1];
    }
    return {
      Update: {
        TableName: this.tables.leads,
        Key: { id: lead.leadId },
        ConditionExpression: condition,
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }
}

function loadOf(item: Record<string, unknown>): RepLoad {
  return {
    open: Number(item.open ?? 0),
    dayCount: Number(item.dayCount ?? 0),
    ...(item.day ? { day: String(item.day) } : {}),
  };
}

/** What a cancelled write found: the lead as it stands, enough to re-send its notices. */
function settledLead(leadId: string, raw: Record<string, AttributeValue>): SettledLead {
  const item = unmarshall(raw);
  return {
    leadId,
    ...(item.status ? { status: item.status as LeadStatus } : {}),
    ...(item.repId ? { repId: String(item.repId) } : {}),
    ...(item.poolId ? { poolId: String(item.poolId) } : {}),
    ...(item.offer ? { offer: item.offer as LeadOffer } : {}),
    ...(item.slaReassignments !== undefined ? { slaReassignments: Number(item.slaReassignments) } : {}),
    ...(item.assignedAt ? { assignedAt: String(item.assignedAt) } : {}),
  };
}
