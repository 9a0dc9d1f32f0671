// The figures of the cost section and the SMS notice, for docs/performance.md's template. Pure.
import { TABLES } from '../../functions/adapters/dynamodb/table-definitions';
import { SMS_SINGLE_PART_GSM7, smsLength } from '../../functions/core/notices/sms';
import { storedBytes } from '../capacity';
import type { BenchResults } from '../results';
import { fmt, kb, mdTable, pct, usd } from './format';
import { costTable, steadyOf } from './tables';
import type { TemplateScope } from './template';

/** How many times the measured Lambda durations the assumptions price, for network and a slower CPU. */
const DURATION_SENSITIVITY = 3;

/** Section 6: prices, scenarios and the assumptions' figures. */
export function costView(r: BenchResults): TemplateScope {
  const busy = r.aws.scenarios[0];
  const durationOf = (s: typeof busy) =>
    (s?.lines ?? []).filter((l) => l.unit === 'GB-s').reduce((sum, l) => sum + l.usdPerMillionLeads, 0);
  const duration = durationOf(busy);
  const atSensitivity = duration * DURATION_SENSITIVITY;
  const total = (busy?.usdPerMillionLeads ?? 0) - duration + atSensitivity;
  const storage = r.aws.prices.prices.find((p) => p.id === 'dynamodb.storage.gb-month');
  const sample = steadyOf(r, r.config.batchSize)?.sample.assigned;
  const stored = sample ? storedBytes(TABLES.leads, sample) : 0;
  return {
    region: r.aws.prices.region,
    checked: r.aws.prices.checked,
    ingestMb: r.deployed.functions.ingest.memoryMb,
    assignerMb: r.deployed.functions.assigner.memoryMb,
    tracing: r.deployed.functions.ingest.tracing,
    scenarios: r.aws.scenarios.map((s) => {
      const usage = r.aws.usage.find((u) => u.scenario === s.scenario);
      return {
        name: s.scenario,
        table: mdTable(costTable(s)),
        basis: s.lines
          .filter((l) => l.basis)
          .map((l) => `- ${l.service}, ${l.item}: ${l.basis}.`)
          .join('\n'),
        ingestBilledMs: fmt(usage?.ingest.billedMsPerInvocation, 0),
        assignerBilledMs: fmt(usage?.assigner.billedMsPerInvocation, 0),
      };
    }),
    sensitivity: DURATION_SENSITIVITY,
    duration: usd(duration),
    durationAtSensitivity: usd(atSensitivity),
    durationShareAtSensitivity: pct(total > 0 ? atSensitivity / total : 0),
    storagePrice: storage?.display ?? '–',
    storedKb: kb(stored),
    storageUsd: usd(((stored * 1_000_000) / 1024 ** 3) * (storage?.usd ?? 0)),
  };
}

/** A representative execute-api address: a 10-character API id in the price table's region. */
const executeApiUrl = (region: string) => `https://abcde12345.execute-api.${region}.amazonaws.com`;

/** What the notice a rep gets by SMS is made of, from the notices the run sent. */
export function smsView(r: BenchResults): TemplateScope | false {
  const sample = r.handlers.noticeTexts[0];
  if (!sample) return false;
  const { encoding, units } = smsLength(sample);
  const link = sample.match(/https?:\/\/\S+/)?.[0] ?? '';
  const origin = link ? new URL(link).origin : '';
  return {
    parts: r.aws.smsPartsPerNotice,
    gsm7: encoding === 'gsm7',
    units,
    linkLength: link.length,
    onePart: r.aws.smsPartsPerNotice <= 1,
    region: r.aws.prices.region,
    executeApiLonger: executeApiUrl(r.aws.prices.region).length - origin.length,
    singlePart: SMS_SINGLE_PART_GSM7,
  };
}
