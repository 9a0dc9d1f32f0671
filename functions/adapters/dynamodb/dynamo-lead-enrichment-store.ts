import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Lead } from '../../core/leads/lead';
import type { LeadEnrichmentStore } from '../../core/sources/ports';
import { contactKeys, fieldMap } from './dynamo-lead-store';

/** Fills in a waiting lead's details (Meta leads), only while it is still `received`. */
export class DynamoLeadEnrichmentStore implements LeadEnrichmentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly leadsTable: string,
  ) {}

  async completeEnrichment(leadId: string, update: { fields: Lead['fields']; custom: Lead['custom']; at: string }) {
    // The contact arrives only now: index it for sticky owner as intake does for other leads.
    const contact = contactKeys(update.fields);
    const sets = Object.keys(contact).map((key) => `${key} = :${key}`);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.leadsTable,
          Key: { id: leadId },
          UpdateExpression: `SET #fields = :fields, custom = :custom, updatedAt = :at, enrichment = :done${sets.map((set) => `, ${set}`).join('')}`,
          ConditionExpression: '#status = :received',
          ExpressionAttributeNames: { '#status': 'status', '#fields': 'fields' },
          ExpressionAttributeValues: {
            ':fields': update.fields,
            ':custom': fieldMap(update.custom),
            ':at': update.at,
            ':done': 'done',
            ':received': 'received',
            ...Object.fromEntries(Object.entries(contact).map(([key, value]) => [`:${key}`, value])),
          },
        }),
      );
      return 'updated' as const;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'not_waiting' as const;
      throw error;
    }
  }
}
