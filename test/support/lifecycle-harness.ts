import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAssignmentStore } from '../../functions/adapters/dynamodb/dynamo-assignment-store';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb/dynamo-audit-log';
import { DynamoConfigStore } from '../../functions/adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore, toLead } from '../../functions/adapters/dynamodb/dynamo-lead-store';
import { EnvelopeSourceSecrets } from '../../functions/adapters/dynamodb/sealed-source-secrets';
import { LocalDataKeys } from '../../functions/adapters/local/local-data-keys';
import type { MessageSender } from '../../functions/adapters/messaging/message-sender';
import type { LeadAssigner } from '../../functions/core/assignment/assigner';
import type { Lead } from '../../functions/core/leads/lead';
import { LinkSigner } from '../../functions/core/links/link-tokens';
import type { Metrics, Random } from '../../functions/core/shared/ports';
import { receiveWebhook } from '../../functions/core/sources/receive-webhook';
import type { Source } from '../../functions/core/sources/source';
import type { AssignerFunctionOptions } from '../../functions/sqs/assigner-function';
import { type AssignerMessage, parseAssignerMessage } from '../../functions/sqs/assigner-messages';
import { wireAdmin } from '../../functions/wiring/admin';
import { wireAssigner } from '../../functions/wiring/assigner';
import { wireIngest } from '../../functions/wiring/ingest';
import type { Platform } from '../../functions/wiring/platform';
import { wireRepLinks } from '../../functions/wiring/rep-links';
import { wireSweeper } from '../../functions/wiring/sweeper';
import { fixedClock } from './builders';
import type { TestDatabase } from './dynamo';
import { RecordingNotifier } from './memory-stores';

/** A message on the in-memory assigner queue, due at `dueAt` (clock milliseconds). */
interface Queued {
  body: string;
  dueAt: number;
}

/**
 * The whole lead lifecycle on DynamoDB Local, wired by the same modules as AWS and the local
 * stack (ingest, assigner, admin, rep links, sweeper), with a clock that moves only when told
 * and the assigner's queue in memory: `drain()` delivers what is due, in SQS-sized batches,
 * as the assigner function would.
 */
export class Lifecycle {
  readonly clock = fixedClock('2026-11-23T10:00:00.000Z');
  readonly notifier = new RecordingNotifier();
  readonly signer = new LinkSigner('lifecycle-harness-link-key-of-enough-length');
  readonly config: DynamoConfigStore;
  readonly leads: DynamoLeadStore;
  readonly store: DynamoAssignmentStore;
  readonly audit: DynamoAuditLog;
  readonly admin: ReturnType<typeof wireAdmin>;
  readonly links: ReturnType<typeof wireRepLinks>;
  readonly assigner: LeadAssigner;
  readonly counts = new Map<string, number>();
  private readonly consumer: Omit<AssignerFunctionOptions, 'middlewares' | 'onRecordFailed'>;
  private readonly ingest: ReturnType<typeof wireIngest>;
  private readonly sweeper: ReturnType<typeof wireSweeper>;
  private readonly queue: Queued[] = [];

  constructor(
    readonly db: TestDatabase,
    random: Random = Math.random,
  ) {
    const sender: MessageSender = {
      send: async (body, delayMs = 0) => void this.queue.push({ body, dueAt: this.clock.now().getTime() + delayMs }),
    };
    const metrics: Metrics = {
      count: (name, value = 1) => void this.counts.set(name, (this.counts.get(name) ?? 0) + value),
    };
    const platform: Platform = {
      documents: db.documents,
      tables: db.tables,
      clock: this.clock,
      metrics,
      random,
      assignerSender: sender,
      enrichmentSender: { send: async () => undefined },
      webhookSender: { send: async () => undefined },
      signer: this.signer,
      sourceSecrets: new EnvelopeSourceSecrets(new LocalDataKeys('lifecycle-source-secrets-key')),
      publicBaseUrl: () => 'https://leads.example',
      // The assigner's cache ages on the test's clock, as it would on a real one.
      cacheMs: { sources: 60_000, rules: 30_000, adminKeys: 30_000 },
    };
    this.config = new DynamoConfigStore(db.documents, db.tables);
    this.leads = new DynamoLeadStore(db.documents, db.tables.leads);
    this.store = new DynamoAssignmentStore(db.documents, db.tables);
    this.audit = new DynamoAuditLog(db.documents, db.tables.config);
    const wired = wireAssigner(
      platform,
      { notifier: this.notifier, channels: { sync: async () => undefined } },
      { sleep: async () => undefined },
    );
    this.assigner = wired.assigner;
    this.consumer = wired.consumer;
    this.admin = wireAdmin(platform);
    this.links = wireRepLinks(platform);
    this.ingest = wireIngest(platform);
    this.sweeper = wireSweeper(platform);
  }

  /** A lead arrives on a form source's webhook (stored, queued), and the assigner takes it. */
  async arrive(source: Source, fields: Record<string, unknown> = {}): Promise<string> {
    const payload = { email: `lead${Math.floor(Math.random() * 1e9)}@example.com`, ...fields };
    const { leads } = await receiveWebhook(this.ingest, source, {
      raw: Buffer.from(JSON.stringify(payload)),
      payload: () => payload,
      contentType: 'application/json',
    });
    await this.drain();
    return leads[0]!.leadId;
  }

  /** Delivers every message that is due (and whatever they send at once), in batches of ten. */
  async drain(): Promise<void> {
    for (let rounds = 0; rounds < 100; rounds++) {
      const now = this.clock.now().getTime();
      const due = this.queue.filter((m) => m.dueAt <= now).slice(0, 10);
      if (due.length === 0) return;
      for (const m of due) this.queue.splice(this.queue.indexOf(m), 1);
      const results = await Promise.allSettled(due.map((m) => this.deliver(parseAssignerMessage(m.body))));
      // A failed message comes back, as SQS would deliver it again.
      results.forEach((r, i) => {
        if (r.status === 'rejected') this.queue.push({ ...due[i]!, dueAt: now });
      });
    }
    throw new Error('The assigner queue never settled');
  }

  private async deliver(message: AssignerMessage): Promise<unknown> {
    switch (message.kind) {
      case 'route':
        return this.assigner.assign(message.lead);
      case 'notice':
        return this.notifier.notify(message.notice);
      case 'timer':
        return this.consumer.onTimer(message.timer);
      case 'lead_request':
        return this.consumer.onLeadRequest(message.request);
      case 'sync_channels':
        return undefined;
    }
  }

  /** Moves the clock on and delivers what fell due (offer windows, accept deadlines). */
  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    await this.drain();
  }

  /** The periodic sweep: waiting (not held) leads of these pools (or every pool) go round again. */
  async sweep(poolIds?: readonly string[]): Promise<number> {
    const queued = await this.sweeper.requeueHeld(poolIds);
    await this.drain();
    return queued;
  }

  /** Messages still waiting (timers not yet due), by kind. */
  pending(): AssignerMessage[] {
    return this.queue.map((m) => parseAssignerMessage(m.body));
  }

  async lead(id: string): Promise<Lead> {
    return (await this.leads.get(id))!;
  }

  /** These leads and these reps' load counters as stored now, in one read (up to 100 items). */
  async snapshotOf(
    leadIds: readonly string[],
    repIds: readonly string[],
  ): Promise<{ leads: Lead[]; open: Map<string, number> }> {
    const { leads, state } = this.db.tables;
    const result = await this.db.documents.send(
      new BatchGetCommand({
        RequestItems: {
          ...(leadIds.length ? { [leads]: { Keys: leadIds.map((id) => ({ id })), ConsistentRead: true } } : {}),
          [state]: { Keys: repIds.map((id) => ({ pk: `rep#${id}` })), ConsistentRead: true },
        },
      }),
    );
    const found = new Map((result.Responses?.[leads] ?? []).map((item) => [String(item.id), toLead(item)]));
    const open = new Map(
      (result.Responses?.[state] ?? []).map((item) => [String(item.pk).slice('rep#'.length), Number(item.open ?? 0)]),
    );
    return { leads: leadIds.map((id) => found.get(id)!), open };
  }

  /** The token of the last link of this purpose sent to a rep for a lead (claim or accept). */
  tokenFor(leadId: string, repId: string, kind: 'offer' | 'assigned'): string {
    const notice = this.notifier.sent.filter((n) => n.leadId === leadId && n.repId === repId && n.kind === kind).at(-1);
    if (!notice?.link) throw new Error(`No ${kind} link for ${repId} on ${leadId}`);
    return notice.link.split('/l/')[1]!;
  }
}
