import { describe, expect, it } from 'vitest';
import {
  gbSeconds,
  infrastructureCost,
  messagingCost,
  type PriceTable,
  sampledFraction,
  type UsagePerLead,
} from './aws-cost';

describe('the AWS cost model', () => {
  const prices: PriceTable = {
    region: 'us-east-1',
    checked: '2026-11-23',
    basis: 'test',
    prices: [
      ['apigateway.http.request', 1e-6],
      ['lambda.request', 2e-7],
      ['lambda.arm.gb-second', 0.0000133334],
      ['sqs.standard.request', 4e-7],
      ['dynamodb.ondemand.wru', 6.25e-7],
      ['dynamodb.ondemand.rru', 1.25e-7],
      ['sns.publish', 5e-7],
      ['cloudwatch.logs.ingest-gb', 0.5],
      ['xray.trace', 5e-6],
      ['sns.email', 2e-5],
      ['sms.us', 0.00581],
    ].map(([id, usd]) => ({
      id: id as string,
      service: 'S',
      item: 'I',
      unit: 'u',
      usd: usd as number,
      display: 'd',
      source: 's',
      checked: '2026-11-23',
    })),
  };

  it('bills Lambda duration per started millisecond at the configured memory', () => {
    expect(gbSeconds(512, 12.2)).toBeCloseTo(0.5 * 0.013);
    expect(gbSeconds(1024, 1)).toBeCloseTo(0.001);
  });

  it('samples every request under one per second, then the first each second and 5% of the rest', () => {
    expect(sampledFraction(0.5)).toBe(1);
    expect(sampledFraction(10)).toBeCloseTo((1 + 0.05 * 9) / 10);
  });

  it('adds up a million leads line by line', () => {
    const usage: UsagePerLead = {
      scenario: 'test',
      leadsPerBatch: 10,
      leadsPerSecond: 10,
      apiRequests: 1,
      ingest: { invocations: 1, memoryMb: 512, billedMsPerInvocation: 10 },
      assigner: { invocations: 0.1, memoryMb: 512, billedMsPerInvocation: 20 },
      sqsRequests: 1.2,
      dynamoWriteUnits: 4,
      dynamoReadUnits: 0,
      snsPublishes: 1,
      logBytes: 0,
      xrayTraces: 0,
    };
    const estimate = infrastructureCost(usage, prices);
    const byItem = Object.fromEntries(estimate.lines.map((l) => [l.item, l.usdPerMillionLeads]));
    expect(byItem['Write request units']).toBeCloseTo(2.5);
    expect(byItem['Send, receive and delete']).toBeCloseTo(0.48);
    expect(byItem['Invocations: ingest + assigner']).toBeCloseTo(0.22);
    expect(byItem['Ingest duration (512 MB)']).toBeCloseTo(0.5 * 0.01 * 0.0000133334 * 1e6);
    expect(estimate.usdPerMillionLeads).toBeCloseTo(
      1 + 0.22 + 0.5 * 0.01 * 13.3334 + 0.1 * 0.5 * 0.02 * 13.3334 + 0.48 + 2.5 + 0.5,
    );
    expect(messagingCost(prices, 2)[0]!.usdPerMillionLeads).toBeCloseTo(11_620);
  });
});
