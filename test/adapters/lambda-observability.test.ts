import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger, loggerMiddleware, logLine } from '../../functions/entry/logging';
import { metricsDocument, metricsMiddleware, metricsPort } from '../../functions/entry/metrics';

afterEach(() => {
  process.env.LOG_LEVEL = 'SILENT';
});

describe('log lines', () => {
  it('are one JSON object with the level, message, request id and the error spelled out', async () => {
    // Prepare: an invocation has begun
    const request = {
      context: { awsRequestId: 'req-1' } as Context,
      event: {},
      response: undefined,
      error: undefined,
      internal: {},
    };
    await loggerMiddleware().before!(request as never);
    // Act
    const line = JSON.parse(
      logLine('WARN', 'queue message not handled yet', { messageId: 'm-1', error: new TypeError('boom') }),
    );
    // Assess
    expect(line).toMatchObject({
      level: 'WARN',
      message: 'queue message not handled yet',
      requestId: 'req-1',
      messageId: 'm-1',
    });
    expect(line.error).toMatchObject({ name: 'TypeError', message: 'boom' });
    expect(line.error.stack).toContain('TypeError: boom');
  });

  it('below LOG_LEVEL are not written', () => {
    // Prepare
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    process.env.LOG_LEVEL = 'WARN';
    // Act
    logger.info('quiet');
    logger.error('loud');
    // Assess
    expect(write).toHaveBeenCalledTimes(1);
    expect(String(write.mock.calls[0]![0])).toContain('"loud"');
  });
});

describe('metrics', () => {
  it("sum an invocation's counts into one embedded-metric-format document", () => {
    // Act
    metricsPort.count('LeadsAssigned');
    metricsPort.count('LeadsAssigned', 2);
    metricsPort.count('LeadsHeld');
    const document = JSON.parse(metricsDocument(1_700_000_000_000)!);
    // Assess
    expect(document).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'LeadRouter',
            Dimensions: [['service']],
            Metrics: [
              { Name: 'LeadsAssigned', Unit: 'Count' },
              { Name: 'LeadsHeld', Unit: 'Count' },
            ],
          },
        ],
      },
      service: 'leadrouter',
      LeadsAssigned: 3,
      LeadsHeld: 1,
    });
  });

  it('are written once when the invocation ends, and not at all when nothing was counted', async () => {
    // Prepare
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const middleware = metricsMiddleware();
    metricsPort.count('LeadsAccepted');
    // Act
    await middleware.after!({} as never);
    await middleware.after!({} as never);
    // Assess
    expect(write).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(write.mock.calls[0]![0])).LeadsAccepted).toBe(1);
  });
});
