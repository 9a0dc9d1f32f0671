import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Decision, Lead, OutcomeStage } from '../../core/leads/lead';
import type { LeadOutcomes } from '../../core/leads/lead-outcome';

/**
 * Outcome decisions on the lead item: appended with the stage added to `outcomeStages` (a
 * string set), on condition the stage is not there yet, so two reports of the same stage,
 * even at the same moment, append one decision.
 */
export class DynamoLeadOutcomes implements LeadOutcomes {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(lead: Pick<Lead, 'id'>, stage: OutcomeStage, decision: Decision, now: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id: lead.id },
          UpdateExpression:
            'SET decisions = list_append(decisions, :decision), updatedAt = :now ADD outcomeStages :stages',
          ConditionExpression: 'attribute_exists(id) AND NOT contains(outcomeStages, :stage)',
          ExpressionAttributeValues: {
            ':decision': [decision],
            ':now': now,
            ':stages': new Set([stage]),
            ':stage': stage,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
