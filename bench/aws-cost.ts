// What a million leads cost on AWS, line by line, from measured usage per lead and the
// price table in bench/prices.json. Pure.
import { readFileSync } from 'node:fs';

export interface PriceEntry {
  id: string;
  service: string;
  item: string;
  unit: string;
  usd: number;
  display: string;
  source: string;
  /** When the price was last checked against the source page. */
  checked: string;
}

export interface PriceTable {
  region: string;
  checked: string;
  basis: string;
  prices: PriceEntry[];
}

/** The price table kept in the repository. */
export function loadPrices(path = new URL('./prices.json', import.meta.url)): PriceTable {
  return JSON.parse(readFileSync(path, 'utf8')) as PriceTable;
}

/** What one lead uses, in billable units, in one traffic scenario. */
export interface UsagePerLead {
  scenario: string;
  /** Leads in each assigner invocation (SQS batch). */
  leadsPerBatch: number;
  /** Leads per second the X-Ray sampling estimate assumes. */
  leadsPerSecond: number;
  apiRequests: number;
  ingest: { invocations: number; memoryMb: number; billedMsPerInvocation: number };
  assigner: { invocations: number; memoryMb: number; billedMsPerInvocation: number };
  sqsRequests: number;
  dynamoWriteUnits: number;
  dynamoReadUnits: number;
  snsPublishes: number;
  logBytes: number;
  xrayTraces: number;
}

export interface CostLine {
  service: string;
  item: string;
  perLead: number;
  unit: string;
  price: string;
  usdPerMillionLeads: number;
  /** How the quantity was obtained: measured, computed or estimated, and from what. */
  basis: string;
}

export interface CostEstimate {
  scenario: string;
  lines: CostLine[];
  usdPerMillionLeads: number;
}

function price(table: PriceTable, id: string): PriceEntry {
  const entry = table.prices.find((p) => p.id === id);
  if (!entry) throw new Error(`bench/prices.json has no price "${id}"`);
  return entry;
}

/** GB-seconds billed for one invocation: duration rounded up to the millisecond, times memory. */
export function gbSeconds(memoryMb: number, durationMs: number): number {
  return (memoryMb / 1024) * (Math.ceil(durationMs) / 1000);
}

/**
 * The share of invocations X-Ray records under Lambda's default sampling: the first request
 * each second and 5% of the rest.
 */
export function sampledFraction(requestsPerSecond: number): number {
  if (requestsPerSecond <= 1) return 1;
  return (1 + 0.05 * (requestsPerSecond - 1)) / requestsPerSecond;
}

/** Infrastructure cost of a million leads (messaging excluded), line by line. */
export function infrastructureCost(
  usage: UsagePerLead,
  prices: PriceTable,
  basis: Record<string, string> = {},
): CostEstimate {
  const line = (id: string, perLead: number, unit: string, key: string, item?: string): CostLine => {
    const p = price(prices, id);
    return {
      service: p.service,
      item: item ?? p.item,
      perLead,
      unit,
      price: p.display,
      usdPerMillionLeads: perLead * p.usd * 1_000_000,
      basis: basis[key] ?? '',
    };
  };
  const ingestGbs = usage.ingest.invocations * gbSeconds(usage.ingest.memoryMb, usage.ingest.billedMsPerInvocation);
  const assignerGbs =
    usage.assigner.invocations * gbSeconds(usage.assigner.memoryMb, usage.assigner.billedMsPerInvocation);
  const lines = [
    line('apigateway.http.request', usage.apiRequests, 'request', 'api'),
    line(
      'lambda.request',
      usage.ingest.invocations + usage.assigner.invocations,
      'invocation',
      'lambdaRequests',
      'Invocations: ingest + assigner',
    ),
    line('lambda.arm.gb-second', ingestGbs, 'GB-s', 'ingestDuration', `Ingest duration (${usage.ingest.memoryMb} MB)`),
    line(
      'lambda.arm.gb-second',
      assignerGbs,
      'GB-s',
      'assignerDuration',
      `Assigner duration (${usage.assigner.memoryMb} MB)`,
    ),
    line('sqs.standard.request', usage.sqsRequests, 'request', 'sqs', 'Send, receive and delete'),
    line('dynamodb.ondemand.wru', usage.dynamoWriteUnits, 'WRU', 'dynamoWrites', 'Write request units'),
    line('dynamodb.ondemand.rru', usage.dynamoReadUnits, 'RRU', 'dynamoReads', 'Read request units'),
    line('sns.publish', usage.snsPublishes, 'publish', 'sns', 'Publishes (one notice per lead)'),
    line(
      'cloudwatch.logs.ingest-gb',
      usage.logBytes / 1024 ** 3,
      'GB',
      'logs',
      'Log ingestion: functions, Lambda platform, API access logs',
    ),
    line('xray.trace', usage.xrayTraces, 'trace', 'xray', 'Traces recorded (active tracing, default sampling)'),
  ];
  return {
    scenario: usage.scenario,
    lines,
    usdPerMillionLeads: lines.reduce((sum, l) => sum + l.usdPerMillionLeads, 0),
  };
}

/**
 * Messaging, shown apart: an SMS notice per lead (at `smsParts` parts each) or an email
 * notice per lead.
 */
export function messagingCost(prices: PriceTable, smsParts: number): CostLine[] {
  const sms = price(prices, 'sms.us');
  const email = price(prices, 'sns.email');
  return [
    {
      service: sms.service,
      item: 'One SMS notice per lead (US)',
      perLead: smsParts,
      unit: 'SMS part',
      price: sms.display,
      usdPerMillionLeads: smsParts * sms.usd * 1_000_000,
      basis: 'parts counted from the measured notice text',
    },
    {
      service: email.service,
      item: 'One email notice per lead',
      perLead: 1,
      unit: 'email',
      price: email.display,
      usdPerMillionLeads: email.usd * 1_000_000,
      basis: 'one email per assignment',
    },
  ];
}
