// The DynamoDB Local every measurement of a run shares: where it listens, the run's tables,
// an uncounted client for setup and checks, and reading leads back to judge a run.
import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableNames } from '../functions/adapters/dynamodb/table-definitions';
import type { Lead } from '../functions/core/leads/lead';

export interface Engine {
  endpoint: string;
  tables: TableNames;
  /** An uncounted client for setup and verification. */
  documents: DynamoDBDocumentClient;
}

/** Reads leads by id (100 per BatchGetItem), in no particular order. */
export async function readLeads(engine: Engine, ids: readonly string[]): Promise<Lead[]> {
  const leads: Lead[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((id) => ({ id }));
    for (let round = 0; keys?.length && round < 10; round++) {
      const result: BatchGetCommandOutput = await engine.documents.send(
        new BatchGetCommand({ RequestItems: { [engine.tables.leads]: { Keys: keys, ConsistentRead: true } } }),
      );
      leads.push(...((result.Responses?.[engine.tables.leads] ?? []) as Lead[]));
      keys = result.UnprocessedKeys?.[engine.tables.leads]?.Keys;
    }
  }
  return leads;
}
