import { ListMessageMoveTasksCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type MoveProgress, moveDeadLetters } from '../../functions/adapters/aws/dead-letter-redrive';

const sqs = mockClient(SQSClient);
// The stub sits on the client's prototype: take it off, or later files in this worker get it.
afterAll(() => sqs.restore());
const dlq = 'arn:aws:sqs:eu-west-1:123456789012:LeadRouter-IngestDeadLetterQueue';

beforeEach(() => sqs.reset());

describe('moving a dead-letter queue back', () => {
  it('starts SQS’s move task and reports its progress until it completes', async () => {
    // Prepare
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
    sqs
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce({
        Results: [
          {
            TaskHandle: 'task-1',
            Status: 'RUNNING',
            ApproximateNumberOfMessagesMoved: 3,
            ApproximateNumberOfMessagesToMove: 7,
          },
        ],
      })
      .resolves({
        Results: [
          {
            TaskHandle: 'task-1',
            Status: 'COMPLETED',
            ApproximateNumberOfMessagesMoved: 7,
            ApproximateNumberOfMessagesToMove: 7,
          },
        ],
      });
    const seen: MoveProgress[] = [];
    // Act
    const last = await moveDeadLetters(new SQSClient({}), dlq, (p) => seen.push(p), { sleep: async () => undefined });
    // Assess
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)[0]!.args[0].input).toEqual({ SourceArn: dlq });
    expect(seen.map((p) => `${p.status} ${p.moved}/${p.toMove}`)).toEqual(['RUNNING 3/7', 'COMPLETED 7/7']);
    expect(last.status).toBe('COMPLETED');
  });

  it('gives up watching (not moving) after its time, and says why a move failed', async () => {
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-2' });
    sqs.on(ListMessageMoveTasksCommand).resolves({
      Results: [{ TaskHandle: 'task-2', Status: 'FAILED', FailureReason: 'AccessDenied' }],
    });
    const last = await moveDeadLetters(new SQSClient({}), dlq, () => undefined, { sleep: async () => undefined });
    expect(last).toMatchObject({ status: 'FAILED', failureReason: 'AccessDenied' });

    sqs.on(ListMessageMoveTasksCommand).resolves({ Results: [{ TaskHandle: 'task-2', Status: 'RUNNING' }] });
    const watching = await moveDeadLetters(new SQSClient({}), dlq, () => undefined, {
      sleep: async () => undefined,
      timeoutMs: 0,
    });
    expect(watching.status).toBe('RUNNING');
  });
});
