import type { EnrichmentJob, EnrichmentQueue } from '../../core/shared/ports';
import type { InProcessQueue } from './in-process-sqs';

/** The enrichment queue on the in-process queue of the local stack. */
export class LocalEnrichmentQueue implements EnrichmentQueue {
  constructor(private readonly queue: InProcessQueue) {}

  async enqueue(job: EnrichmentJob): Promise<void> {
    this.queue.send(JSON.stringify(job));
  }
}
