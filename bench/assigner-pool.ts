// Our assigner as the stack runs it: one instance per concurrent Lambda, each wired by the
// function's own wiring module, with its own DynamoDB client, caches and request counter.

import type { LeadAssigner } from '../functions/core/assignment/assigner';
import type { AssignOutcome } from '../functions/core/assignment/pending-lead';
import type { LeadMessage } from '../functions/core/leads/lead';
import type { Metrics } from '../functions/core/shared/ports';
import { deployedAssigner } from './deployed-wiring';
import type { Engine } from './engine';
import { countedDocumentClient, type RequestTally, sumTallies } from './request-counter';
import { deliverInBatches } from './sqs-delivery';

/** Counts the assigner's metrics (conflict retries, exhausted retries...). */
export class CountingMetrics implements Metrics {
  readonly counts: Record<string, number> = {};
  count(name: string, value = 1) {
    this.counts[name] = (this.counts[name] ?? 0) + value;
  }
}

export interface AssignerPool {
  assigners: LeadAssigner[];
  metrics: CountingMetrics;
  tally(): RequestTally;
  destroy(): void;
}

/** `workers` assigners, like that many warm Lambda instances of the assigner function. */
export function assignerPool(engine: Engine, workers: number): AssignerPool {
  const metrics = new CountingMetrics();
  const clients = Array.from({ length: workers }, () => countedDocumentClient(engine.endpoint));
  const assigners = clients.map((c) => deployedAssigner(c.documents, engine.tables, { metrics }));
  return {
    assigners,
    metrics,
    tally: () => sumTallies(clients.map((c) => c.counter.tally())),
    destroy: () => {
      for (const c of clients) c.client.destroy();
    },
  };
}

/** One assigner consuming `messages` as the SQS consumer does: every record of a batch at once. */
export function assignInBatches(
  assigner: LeadAssigner,
  messages: readonly LeadMessage[],
  batchSize: number,
): Promise<{ results: AssignOutcome[]; redeliveries: number }> {
  return deliverInBatches(messages, batchSize, (message, redelivered) => assigner.assign(message, { redelivered }), {
    concurrent: true,
  });
}
