// The API's shapes, as the console reads them. Types only: nothing of the API's code reaches
// the browser bundle.

export type { LeadEvent } from '../../functions/core/events/lead-events';
export type { Lead } from '../../functions/core/leads/lead';
export type { Explanation } from '../../functions/core/routing/explain-routing';
export type { ConditionFailure } from '../../functions/core/routing/route-lead';
export type { Condition, RuleSet } from '../../functions/core/routing/rules';
export type { WeeklyWindow } from '../../functions/core/shared/time-windows';
export type { Pool } from '../../functions/core/team/pool';
export type { Rep } from '../../functions/core/team/rep';
export type { Webhook, WebhookDelivery } from '../../functions/core/webhooks/webhook';

import type { Lead } from '../../functions/core/leads/lead';

/** A source as the API shows it: secrets replaced by `has…` flags, with its webhook URL. */
export interface SourceView {
  id: string;
  name: string;
  kind: 'form' | 'json' | 'google_ads' | 'meta_lead_ads' | 'linkedin_lead_gen';
  key: string;
  webhookUrl: string;
  poolId?: string;
  defaultCountry?: string;
  redirectUrl?: string;
  allowedOrigins?: string[];
  honeypotField?: string;
  fieldMapping?: Record<string, string>;
  routeTestLeads?: boolean;
  graphApiVersion?: string;
  linkedinVersion?: string;
  hasSigningSecret?: boolean;
  hasGoogleKey?: boolean;
  hasAppSecret?: boolean;
  hasVerifyToken?: boolean;
  hasClientSecret?: boolean;
  hasAccessToken?: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** `GET /admin/leads`. */
export interface LeadPage {
  leads: Lead[];
  nextCursor?: string;
}

/** An admin API key as listed (never the key itself). */
export interface ApiKeyView {
  id: string;
  name: string;
  createdAt: string;
}
