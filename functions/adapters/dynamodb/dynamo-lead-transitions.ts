import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { LeadTransition, LeadTransitions, TransitionResult } from '../../core/leads/ports';
import { auditPut } from './dynamo-audit-log';
import { isWaiting } from './dynamo-lead-store';
import { repLoadRelease, repLoadUpdate, type TransactItem } from './rep-load-items';
import type { TableNames } from './table-definitions';

/**
 * Lead transitions (manual assignment, release, close, a take from or a release to a pull
 * pool's queue) as one transaction each: the lead, conditioned on its status, owner and
 * (for queues) pool, the new owner's counters under their caps, and the previous owner's
 * open count. A lead in a queue carries `queuePoolId` and `queueRank`, the keys of the
 * sparse score index, set and removed by the very writes that move it in and out.
 */
export class DynamoLeadTransitions implements LeadTransitions {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'leads' | 'state' | 'config'>,
  ) {}

  async apply(t: LeadTransition): Promise<TransitionResult> {
    const from = Object.fromEntries(t.from.map((status, i) => [`:from${i}`, status]));
    const sets = [
      '#status = :to',
      'updatedAt = :at',
      'statusCreatedAt = :sc',
      'decisions = list_append(if_not_exists(decisions, :none), :decisions)',
    ];
    const values: Record<string, unknown> = {
      ...from,
      ':to': t.to.status,
      ':at': t.at,
      ':sc': `${t.to.status}#${t.createdAt}`,
      ':none': [],
      ':decisions': [t.decision],
    };
    if (t.owner !== null) values[':owner'] = t.owner;
    if (t.to.repId) {
      sets.push('repId = :rep');
      values[':rep'] = t.to.repId;
    }
    if (t.to.status === 'assigned') sets.push('assignedAt = :at');
    if (t.to.status === 'closed') sets.push('closedAt = :at');
    for (const field of ['assignedAt', 'acceptedAt', 'responseSeconds', 'speedToLeadSeconds'] as const) {
      if (t.to[field] === undefined || (field === 'assignedAt' && t.to.status === 'assigned')) continue;
      sets.push(`${field} = :${field}`);
      values[`:${field}`] = t.to[field];
    }
    const conditions = [
      `#status IN (${Object.keys(from).join(', ')})`,
      t.owner === null ? 'attribute_not_exists(repId)' : 'repId = :owner',
    ];
    const removes: string[] = t.to.repId === null ? ['repId'] : [];
    if (t.offer) {
      conditions.push('offer.round = :round', 'contains(offer.repIds, :claimer)', 'offer.expiresAt > :openAt');
      values[':round'] = t.offer.round;
      values[':claimer'] = t.offer.repId;
      values[':openAt'] = t.offer.openAt;
    }
    // An offer ends with whatever moves the lead on (a claim, an admin's assignment or close).
    if (t.from.includes('offered')) removes.push('offer');
    // A new owner accepts afresh; an admin taking a lead from its owner clears the old acceptance.
    if (t.to.status === 'assigned' && t.from.includes('accepted')) {
      removes.push('acceptedAt', 'responseSeconds', 'speedToLeadSeconds');
    }
    if (t.to.poolId) {
      sets.push('poolId = :pool');
      values[':pool'] = t.to.poolId;
    }
    if (t.inPool) {
      conditions.push('poolId = :inPool');
      values[':inPool'] = t.inPool;
    }
    // The sparse waiting-status index: present while the lead waits on someone.
    if (isWaiting(t.to.status)) sets.push('waiting = :to');
    else removes.push('waiting');
    if (t.to.status === 'queued' && t.to.poolId && t.to.queueRank) {
      sets.push('queuePoolId = :pool', 'queueRank = :queueRank');
      values[':queueRank'] = t.to.queueRank;
    } else if (t.from.includes('queued')) {
      removes.push('queuePoolId', 'queueRank');
    }
    const lead: TransactItem = {
      Update: {
        TableName: this.tables.leads,
        Key: { id: t.leadId },
        ConditionExpression: conditions.join(' AND '),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    };
    const items: TransactItem[] = [lead];
    if (t.load) items.push(repLoadUpdate(this.tables.state, t.load));
    for (const repId of t.releases) if (repId !== t.load?.repId) items.push(repLoadRelease(this.tables.state, repId));
    // An admin's action is audited in the same transaction: the entry exists if and only if the move does.
    if (t.audit) items.push(auditPut(this.tables.config, t.audit));

    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'applied';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'lead_changed';
      if (t.load && reasons[1]?.Code === 'ConditionalCheckFailed') return 'rep_at_cap';
      // Another transaction held an item at that moment: the conditions were not evaluated.
      if (reasons.some((r) => r.Code === 'TransactionConflict')) return 'contended';
      return 'lead_changed';
    }
  }
}
