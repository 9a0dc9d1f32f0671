// The round robins a DynamoDB user writes by hand, measured beside ours with leads of the
// same shape, the same reps, the same concurrency and the same batch delivery, on the same
// engine. Each writes the lead's owner the same way; they differ in how they take a turn.
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableNames } from '../functions/adapters/dynamodb/table-definitions';
import type { LeadMessage } from '../functions/core/leads/lead';
import type { Engine } from './engine';
import { type FairnessReport, judgeFairness } from './fairness';
import { countedDocumentClient, type RequestTally, sumTallies } from './request-counter';
import { deliverInBatches, shareOut } from './sqs-delivery';

type Tables = Pick<TableNames, 'leads' | 'state'>;
type Turn = { turn: number; repId: string };

export type PeerName = 'atomicCounter' | 'readPickWrite';

export interface Peer {
  name: PeerName;
  /** How the report names it. */
  label: string;
  /** Its counter item, in the state table beside our rotation items. */
  counterKey: { pk: string };
  /** The records of a batch at once (as ours), or one after another. */
  concurrent: boolean;
  /** Assigns one lead; returns the turn (counter value) it used and the rep. */
  assign(documents: DynamoDBDocumentClient, tables: Tables, repIds: readonly string[], leadId: string): Promise<Turn>;
}

/**
 * The strongest simple peer: `UpdateItem ADD n :one` returning the new value, then the lead's
 * owner. No turn is ever taken twice, but it knows nothing of eligibility, caps or
 * redelivery (a redelivered record takes another turn).
 */
const ATOMIC_COUNTER_PEER: Peer = {
  name: 'atomicCounter',
  label: 'atomic counter',
  counterKey: { pk: 'peer#atomic-counter' },
  concurrent: true,
  async assign(documents, tables, repIds, leadId) {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: tables.state,
        Key: this.counterKey,
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const turn = Number(Attributes?.n) - 1;
    const repId = repIds[turn % repIds.length]!;
    await writeOwner(documents, tables, leadId, repId);
    return { turn, repId };
  },
};

/**
 * The round robin of many tutorials and ERPNext's assignment rule: `GetItem` the counter,
 * pick `reps[n % len]`, `PutItem` it back as `n + 1`, then the lead's owner; no condition, no
 * transaction, one record after another (`for (const record of event.Records)`).
 */
const READ_PICK_WRITE_PEER: Peer = {
  name: 'readPickWrite',
  label: 'read-pick-write',
  counterKey: { pk: 'peer#round-robin-counter' },
  concurrent: false,
  async assign(documents, tables, repIds, leadId) {
    const { Item } = await documents.send(new GetCommand({ TableName: tables.state, Key: this.counterKey }));
    const turn = Number(Item?.n ?? 0);
    const repId = repIds[turn % repIds.length]!;
    await documents.send(new PutCommand({ TableName: tables.state, Item: { ...this.counterKey, n: turn + 1 } }));
    await writeOwner(documents, tables, leadId, repId);
    return { turn, repId };
  },
};

export const PEERS: readonly Peer[] = [ATOMIC_COUNTER_PEER, READ_PICK_WRITE_PEER];

async function writeOwner(documents: DynamoDBDocumentClient, tables: Tables, leadId: string, repId: string) {
  await documents.send(
    new UpdateCommand({
      TableName: tables.leads,
      Key: { id: leadId },
      UpdateExpression: 'SET #status = :assigned, repId = :rep, assignedAt = :at',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':assigned': 'assigned', ':rep': repId, ':at': new Date().toISOString() },
    }),
  );
}

export interface PeerRun {
  name: PeerName;
  label: string;
  workers: number;
  leads: number;
  /** Time spent assigning (summed over rounds). */
  seconds: number;
  leadsPerSecond: number;
  redeliveries: number;
  requests: RequestTally;
  fairness: FairnessReport;
}

export interface PeerRunner {
  /** Assigns these leads with `workers` consumers, each its share; times it. */
  run(messages: readonly LeadMessage[]): Promise<{ seconds: number; redeliveries: number }>;
  /** Judges every lead it assigned and closes its clients. */
  finish(): Promise<PeerRun>;
}

/** A peer with `workers` warm consumers, each with its own counted client, and its counter at 0. */
export async function startPeer(
  engine: Engine,
  peer: Peer,
  repIds: readonly string[],
  options: { workers: number; batchSize: number },
): Promise<PeerRunner> {
  await engine.documents.send(new PutCommand({ TableName: engine.tables.state, Item: { ...peer.counterKey, n: 0 } }));
  const clients = Array.from({ length: options.workers }, () => countedDocumentClient(engine.endpoint));
  const assignments: Turn[] = [];
  let seconds = 0;
  let redeliveries = 0;
  return {
    async run(messages) {
      const shares = shareOut(messages, options.workers);
      const started = performance.now();
      const runs = await Promise.all(
        clients.map(({ documents }, w) =>
          deliverInBatches(
            shares[w]!,
            options.batchSize,
            (message) => peer.assign(documents, engine.tables, repIds, message.leadId),
            { concurrent: peer.concurrent },
          ),
        ),
      );
      const round = { seconds: (performance.now() - started) / 1000, redeliveries: 0 };
      for (const r of runs) {
        assignments.push(...r.results);
        round.redeliveries += r.redeliveries;
      }
      seconds += round.seconds;
      redeliveries += round.redeliveries;
      return round;
    },
    async finish() {
      try {
        const { Item } = await engine.documents.send(
          new GetCommand({ TableName: engine.tables.state, Key: peer.counterKey, ConsistentRead: true }),
        );
        return {
          name: peer.name,
          label: peer.label,
          workers: options.workers,
          leads: assignments.length,
          seconds,
          leadsPerSecond: assignments.length / seconds,
          redeliveries,
          requests: sumTallies(clients.map((c) => c.counter.tally())),
          fairness: judgeFairness(assignments, repIds, Number(Item?.n ?? 0)),
        };
      } finally {
        for (const c of clients) c.client.destroy();
      }
    },
  };
}
