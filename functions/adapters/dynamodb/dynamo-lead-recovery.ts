import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Decision, Lead, LeadFailure } from '../../core/leads/lead';
import type { LeadRecovery } from '../../core/leads/ports';

/**
 * Failed and stranded leads in the leads table: each write is one conditional UpdateItem
 * that also moves the lead's status keys (`statusCreatedAt`, and `waiting` for the sparse
 * index, where `failed` leads are listed).
 */
export class DynamoLeadRecovery implements LeadRecovery {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly leadsTable: string,
  ) {}

  async markFailed(lead: Pick<Lead, 'id' | 'createdAt'>, failure: LeadFailure, decision: Decision): Promise<boolean> {
    return this.update({
      TableName: this.leadsTable,
      Key: { id: lead.id },
      UpdateExpression:
        'SET #status = :failed, waiting = :failed, statusCreatedAt = :sca, failure = :failure, updatedAt = :at, ' +
        'decisions = list_append(if_not_exists(decisions, :none), :decisions) REMOVE requeuedAt',
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':failed': 'failed',
        ':from': failure.from,
        ':failure': failure,
        ':at': failure.at,
        ':none': [],
        ':decisions': [decision],
        ':sca': `failed#${lead.createdAt}`,
      },
    });
  }

  async noteRequeued(leadId: string, at: string, notSince: string): Promise<boolean> {
    return this.update({
      TableName: this.leadsTable,
      Key: { id: leadId },
      UpdateExpression: 'SET requeues = if_not_exists(requeues, :zero) + :one, requeuedAt = :at',
      ConditionExpression: '#status = :received AND (attribute_not_exists(requeuedAt) OR requeuedAt <= :notSince)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':received': 'received', ':zero': 0, ':one': 1, ':at': at, ':notSince': notSince },
    });
  }

  async reopenFailed(lead: Pick<Lead, 'id' | 'createdAt' | 'failure'>, decision: Decision, at: string) {
    const to = lead.failure?.from ?? 'received';
    return this.update({
      TableName: this.leadsTable,
      Key: { id: lead.id },
      UpdateExpression:
        'SET #status = :to, waiting = :to, statusCreatedAt = :sca, updatedAt = :at, ' +
        'decisions = list_append(if_not_exists(decisions, :none), :decisions) REMOVE failure, requeues, requeuedAt',
      ConditionExpression: '#status = :failed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':to': to,
        ':failed': 'failed',
        ':sca': `${to}#${lead.createdAt}`,
        ':at': at,
        ':none': [],
        ':decisions': [decision],
      },
    });
  }

  private async update(input: UpdateCommandInput): Promise<boolean> {
    try {
      await this.client.send(new UpdateCommand(input));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
