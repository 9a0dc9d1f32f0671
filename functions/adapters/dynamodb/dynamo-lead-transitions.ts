import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LeadTransition, LeadTransitions, TransitionResult } from '../../core/ports';
import { repLoadRelease, repLoadUpdate, type TransactItem } from './rep-load-items';
import type { TableNames } from './table-definitions';

/**
 * Lead transitions (manual assignment, release, close) as one transaction each: the lead,
 * conditioned on its status and owner, the new owner's counters under their caps, and the
 * previous owner's open count.
 */
export class DynamoLeadTransitions implements LeadTransitions {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'leads' | 'state'>,
  ) {}

  async apply(t: LeadTransition): Promise<TransitionResult> {
    const from = Object.fromEntries(t.from.map((status, i) => [`:from${i}`, status]));
    const sets = ['#status = :to', 'updatedAt = :at', 'statusCreatedAt = :sc', 'decisions = list_append(if_not_exists(decisions, :none), :decisions)'];
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
    const conditions = [`#status IN (${Object.keys(from).join(', ')})`, t.owner === null ? 'attribute_not_exists(repId)' : 'repId = :owner'];
    const removes: string[] = t.to.repId === null ? ['repId'] : [];
    if (t.offer) {
      conditions.push('offer.round = :round', 'contains(offer.repIds, :claimer)', 'offer.expiresAt > :openAt');
      values[':round'] = t.offer.round;
      values[':claimer'] = t.offer.repId;
      values[':openAt'] = t.offer.openAt;
      removes.push('offer');
    }
    if (t.to.poolId) {
      sets.push('poolId = :pool');
      values[':pool'] = t.to.poolId;
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

    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'applied';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'lead_changed';
      if (t.load && reasons[1]?.Code === 'ConditionalCheckFailed') return 'rep_at_cap';
      return 'lead_changed';
    }
  }
}
