import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { configItemName, DynamoWebhookStore } from '../adapters/dynamodb/dynamo-webhook-store';
import { WebhookQueue } from '../adapters/messaging/webhook-queue';
import type { LeadEvent } from '../core/events/lead-events';
import { DEFAULT_LINK_TTL_SECONDS } from '../core/links/link-tokens';
import type { WebhookDeliveryDeps } from '../core/webhooks/deliver-webhooks';
import type { WebhookSender, WebhookUrlPolicy } from '../core/webhooks/ports';
import type { SlackMessageParts } from '../core/webhooks/slack-message';
import { linkIssuer } from '../http/link-urls';
import type { PlatformPart } from './platform';

export type WebhooksPlatform = PlatformPart<
  'documents' | 'clock' | 'webhookSender' | 'signer' | 'publicBaseUrl',
  'leads' | 'config'
>;

export interface WebhooksWiring {
  deps: WebhookDeliveryDeps;
  queue: WebhookQueue;
}

/** The webhook delivery function: subscriptions and records in the config table, retries on the webhook queue. */
export function wireWebhookDelivery(
  p: WebhooksPlatform,
  parts: { sender: WebhookSender; urls: WebhookUrlPolicy; retryDelaysSeconds?: readonly number[] },
): WebhooksWiring {
  const queue = new WebhookQueue(p.webhookSender, p.clock);
  const nameOf = (kind: 'rep' | 'source', id: string) => configItemName(p.documents, p.tables.config, kind, id);
  const links = linkIssuer(p.signer, p.publicBaseUrl);
  const slackParts = async (event: LeadEvent): Promise<SlackMessageParts> => {
    const { repId, sourceId, leadId } = event.data;
    const [repName, sourceName] = await Promise.all([
      repId ? nameOf('rep', repId) : undefined,
      nameOf('source', sourceId),
    ]);
    const now = Math.floor(p.clock.now().getTime() / 1000);
    return {
      ...(repName ? { repName } : {}),
      ...(sourceName ? { sourceName } : {}),
      // Only a new owner has a lead to accept.
      ...(repId && event.type === 'lead.assigned'
        ? { acceptLink: links({ purpose: 'accept', leadId, repId, expiresAt: now + DEFAULT_LINK_TTL_SECONDS }) }
        : {}),
    };
  };
  return {
    queue,
    deps: {
      webhooks: new DynamoWebhookStore(p.documents, p.tables.config),
      sender: parts.sender,
      urls: parts.urls,
      jobs: queue,
      clock: p.clock,
      leads: new DynamoLeadStore(p.documents, p.tables.leads),
      slackParts,
      ...(parts.retryDelaysSeconds ? { retryDelaysSeconds: parts.retryDelaysSeconds } : {}),
    },
  };
}
