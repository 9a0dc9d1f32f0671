import type { EnrichmentJob, EnrichmentQueue } from '../../core/sources/ports';
import type { MessageSender } from './message-sender';

/** The enrichment queue: Meta leads waiting for their Graph API details. */
export class EnrichmentJobQueue implements EnrichmentQueue {
  constructor(private readonly sender: MessageSender) {}

  enqueue(job: EnrichmentJob): Promise<void> {
    return this.sender.send(JSON.stringify(job));
  }
}
