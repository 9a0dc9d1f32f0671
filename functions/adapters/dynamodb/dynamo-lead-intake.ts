import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Lead } from '../../core/leads/lead';
import type { IdempotencyClaim, IntakeResult, LeadIntake } from '../../core/sources/ports';
import { leadItem } from './dynamo-lead-store';
import type { TableNames } from './table-definitions';

/** The idempotency table key of a claim: claims are per source. */
export function claimKey(sourceId: string, claim: Pick<IdempotencyClaim, 'kind' | 'value'>): string {
  return `${sourceId}#${claim.kind}#${claim.value}`;
}

/**
 * New leads from webhooks. A lead without claims is one PutItem. A lead with claims (a
 * platform lead id, an Idempotency-Key, a signature) is one TransactWriteItems: the lead and
 * each claim, every claim conditioned on not being held by an unexpired earlier lead, so
 * two deliveries of the same lead, even at the same instant, store it once.
 */
export class DynamoLeadIntake implements LeadIntake {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'leads' | 'idempotency'>,
    private readonly retry: { attempts: number; sleep: (ms: number) => Promise<void> } = {
      attempts: 5,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    },
  ) {}

  async store(lead: Lead, claims: readonly IdempotencyClaim[]): Promise<IntakeResult> {
    const leadPut = {
      TableName: this.tables.leads,
      Item: leadItem(lead),
      ConditionExpression: 'attribute_not_exists(id)',
    };
    if (claims.length === 0) {
      await this.client.send(new PutCommand(leadPut));
      return { stored: true };
    }
    const now = Math.floor(Date.parse(lead.createdAt) / 1000);
    const items = [
      { Put: leadPut },
      ...claims.map((claim) => ({
        Put: {
          TableName: this.tables.idempotency,
          Item: { pk: claimKey(lead.sourceId, claim), leadId: lead.id, expiresAt: claim.expiresAt },
          // An expired claim may linger until TTL deletes it; it no longer counts.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': now },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      })),
    ];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return { stored: true };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        for (const [i, claim] of claims.entries()) {
          const reason = reasons[i + 1];
          const leadId = (reason?.Item as { leadId?: { S?: string } } | undefined)?.leadId?.S;
          if (reason?.Code === 'ConditionalCheckFailed' && leadId) return { stored: false, claim, leadId };
        }
        // The same claim in another transaction right now (a concurrent repeat): try again,
        // and the condition will tell which lead won.
        const conflict = reasons.some((r) => r.Code === 'TransactionConflict');
        if (!conflict || attempt >= this.retry.attempts) throw error;
        await this.retry.sleep(20 * attempt + Math.random() * 30);
      }
    }
  }
}
