import { ListMessageMoveTasksCommand, type SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';

/** How a move of a dead-letter queue's messages back to their queue stands. */
export interface MoveProgress {
  status: string;
  moved: number;
  toMove: number;
  failureReason?: string;
}

/**
 * Moves every message of a dead-letter queue back to the queue it came from (SQS's own
 * redrive, `StartMessageMoveTask`), reporting progress until the move ends or `timeoutMs`
 * passes (the move then goes on inside SQS). Resolves with the last progress seen.
 */
export async function moveDeadLetters(
  sqs: SQSClient,
  deadLetterQueueArn: string,
  onProgress: (progress: MoveProgress) => void,
  options: { pollMs?: number; timeoutMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<MoveProgress> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: deadLetterQueueArn }));
  const deadline = Date.now() + (options.timeoutMs ?? 5 * 60_000);
  let last: MoveProgress = { status: 'RUNNING', moved: 0, toMove: 0 };
  for (;;) {
    const { Results } = await sqs.send(
      new ListMessageMoveTasksCommand({ SourceArn: deadLetterQueueArn, MaxResults: 10 }),
    );
    const task = Results?.find((t) => t.TaskHandle === TaskHandle) ?? Results?.[0];
    if (task) {
      last = {
        status: task.Status ?? 'UNKNOWN',
        moved: Number(task.ApproximateNumberOfMessagesMoved ?? 0),
        toMove: Number(task.ApproximateNumberOfMessagesToMove ?? 0),
        ...(task.FailureReason ? { failureReason: task.FailureReason } : {}),
      };
      onProgress(last);
    }
    if (last.status !== 'RUNNING' || Date.now() >= deadline) return last;
    await sleep(options.pollMs ?? 2_000);
  }
}
