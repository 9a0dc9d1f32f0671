import type { InProcessEventBus } from '../adapters/local/in-process-event-bus';
import type { InProcessSqs } from '../adapters/local/in-process-sqs';
import type { OutboxNotifier } from '../adapters/local/outbox-notifier';
import type { RecordedRepChannels } from '../adapters/local/recorded-rep-channels';
import type { RedriveProgress } from '../core/assignment/stranded-leads';
import { smsParts } from '../core/notices/sms';
import type { RepStore } from '../core/team/ports';
import { escapeHtml } from '../http/html';
import type { RouteHandler } from '../http/http-types';
import type { HandlersOf } from '../http/routes';

/** The local-only routes: the notification outbox, the lead events, the dead-letter list and the redrive. */
export function devHandlers(deps: {
  outbox: OutboxNotifier;
  ingestQueue: InProcessSqs;
  enrichmentQueue?: InProcessSqs;
  channels: RecordedRepChannels;
  /** The local lead events bus. */
  events: InProcessEventBus;
  /** Sends every failed lead round again. */
  redriveFailed: () => Promise<RedriveProgress>;
  /** The reps, so the outbox page names who each notice went to. */
  reps: Pick<RepStore, 'listReps'>;
}): Record<HandlersOf<'local'>, RouteHandler> {
  return {
    devOutbox: async (request) => ({
      status: 200,
      body: {
        messages: deps.outbox
          .list({
            ...(request.query.repId ? { repId: request.query.repId } : {}),
            ...(request.query.leadId ? { leadId: request.query.leadId } : {}),
          })
          .map(({ repId, leadId, kind, subject, text, sms, link, at }) => ({
            repId,
            leadId,
            kind,
            subject,
            text,
            sms,
            ...(link ? { link } : {}),
            at,
          })),
      },
    }),

    devOutboxPage: async () => ({
      status: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
      },
      body: outboxPage(deps.outbox, new Map((await deps.reps.listReps()).map((r) => [r.id, r.name]))),
    }),

    // What the EventBridge bus carried lately (the last 1,000), oldest first; `?leadId=` and `?type=` filter.
    devEvents: async (request) => ({
      status: 200,
      body: {
        events: deps.events.list({
          ...(request.query.leadId ? { leadId: request.query.leadId } : {}),
          ...(request.query.type ? { type: request.query.type } : {}),
        }),
      },
    }),

    devDeadLetters: async () => ({
      status: 200,
      body: {
        messages: deps.ingestQueue.deadLetterList(),
        // Meta leads whose Graph API details could not be fetched (the leads stay `received`).
        enrichment: deps.enrichmentQueue?.deadLetterList() ?? [],
      },
    }),

    /**
     * What `npm run admin -- redrive` does in AWS, for the running local stack: dead-lettered
     * messages go back on their queues, and failed leads back to the assigner (or to enrichment).
     */
    devRedrive: async () => {
      const deadLetters = {
        ingest: deps.ingestQueue.redriveDeadLetters(),
        enrichment: deps.enrichmentQueue?.redriveDeadLetters() ?? 0,
      };
      return { status: 200, body: { deadLetters, failedLeads: await deps.redriveFailed() } };
    },

    devSubscriptions: async () => ({
      status: 200,
      body: { subscriptions: Object.fromEntries(deps.channels.subscriptions) },
    }),
  };
}

function outboxPage(outbox: OutboxNotifier, names: ReadonlyMap<string, string>): string {
  const rows = outbox
    .list()
    .slice()
    .reverse()
    .map(
      (m) => `<article>
  <header><strong>${escapeHtml(m.subject)}</strong> <small>to ${escapeHtml(names.get(m.repId) ?? m.repId)} · ${escapeHtml(m.kind)} · ${escapeHtml(m.at)}</small></header>
  <pre>${escapeHtml(m.text)}</pre>
  <details><summary>As an SMS (${smsParts(m.sms)} part)</summary><pre>${escapeHtml(m.sms)}</pre></details>
  ${m.link ? `<a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a>` : ''}
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="3"><title>leadrouter outbox</title>
<style>body{font:15px/1.4 system-ui,sans-serif;max-width:46rem;margin:1rem auto;padding:0 1rem}
article{border:1px solid #ccc;border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}pre{white-space:pre-wrap;margin:.4rem 0}
small{color:#555}</style></head>
<body><h1>Outbox</h1><p>Notifications the local stack sent to reps (SNS in AWS). Newest first; refreshes every 3 s.</p>
${rows || '<p><em>Nothing sent yet.</em></p>'}
</body></html>`;
}
