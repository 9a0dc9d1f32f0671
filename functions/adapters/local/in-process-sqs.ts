import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { MessageSender } from '../messaging/message-sender';

/** The consumer side of a queue: an SQS-triggered Lambda handler. */
export type SqsConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface InProcessSqsOptions {
  name: string;
  /** Records per batch handed to the consumer (SQS's batchSize). */
  batchSize?: number;
  /** Batches in flight at once (the Lambda's concurrency). */
  concurrency?: number;
  /** Receives before a message moves to the dead-letter list (the redrive policy). */
  maxReceiveCount?: number;
  /** Delay before a failed message is visible again, per receive so far. */
  retryDelayMs?: (receiveCount: number) => number;
}

interface QueuedMessage {
  messageId: string;
  body: string;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
}

export interface DeadLetter {
  messageId: string;
  body: string;
  receiveCount: number;
  failedAt: string;
}

/**
 * SQS in one process: messages are handed to the consumer in SQS-shaped batches, failed
 * records (from `batchItemFailures` or a thrown error) come back after a delay, and after
 * `maxReceiveCount` receives they move to a dead-letter list.
 */
export class InProcessSqs implements MessageSender {
  private readonly messages: QueuedMessage[] = [];
  private readonly deadLetters: DeadLetter[] = [];
  private consumer: SqsConsumer | undefined;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: { resolve: () => void; ignoreDelayed: boolean }[] = [];
  private stopped = false;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly maxReceiveCount: number;
  private readonly retryDelayMs: (receiveCount: number) => number;

  constructor(private readonly options: InProcessSqsOptions) {
    this.batchSize = options.batchSize ?? 10;
    this.concurrency = options.concurrency ?? 2;
    this.maxReceiveCount = options.maxReceiveCount ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? ((n) => Math.min(5_000, 100 * 2 ** n));
  }

  /** Connects the consumer; messages sent before are delivered now. */
  subscribe(consumer: SqsConsumer): void {
    this.consumer = consumer;
    this.pump();
  }

  async send(body: string, delayMs = 0): Promise<void> {
    const now = Date.now();
    this.messages.push({ messageId: randomUUID(), body, sentAt: now, visibleAt: now + delayMs, receiveCount: 0 });
    this.pump();
  }

  /** Messages that exhausted their receives. */
  deadLetterList(): readonly DeadLetter[] {
    return this.deadLetters;
  }

  /** Sends every dead-lettered message again (SQS's redrive from a dead-letter queue); how many. */
  redriveDeadLetters(): number {
    const letters = this.deadLetters.splice(0);
    const now = Date.now();
    for (const { body } of letters) {
      this.messages.push({ messageId: randomUUID(), body, sentAt: now, visibleAt: now, receiveCount: 0 });
    }
    this.pump();
    return letters.length;
  }

  depth(): number {
    return this.messages.length;
  }

  /**
   * Resolves when nothing is queued or in flight. Delayed messages (lead timers) count as
   * queued, unless `options.ignoreDelayed`: then it resolves once only those remain.
   */
  idle(options: { ignoreDelayed?: boolean } = {}): Promise<void> {
    if (this.isIdle(options.ignoreDelayed ?? false)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push({ resolve, ignoreDelayed: options.ignoreDelayed ?? false }));
  }

  private isIdle(ignoreDelayed: boolean): boolean {
    if (this.inFlight > 0) return false;
    const now = Date.now();
    return ignoreDelayed ? this.messages.every((m) => m.visibleAt > now + 50) : this.messages.length === 0;
  }

  /** Stops delivering; in-flight batches finish. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private pump(): void {
    if (!this.consumer || this.stopped) return;
    const now = Date.now();
    while (this.inFlight < this.concurrency) {
      const batch = this.takeVisible(now);
      if (batch.length === 0) break;
      this.inFlight++;
      void this.deliver(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
    this.scheduleNext(now);
    this.notifyIfIdle();
  }

  private takeVisible(now: number): QueuedMessage[] {
    const batch: QueuedMessage[] = [];
    for (let i = 0; i < this.messages.length && batch.length < this.batchSize; ) {
      const message = this.messages[i]!;
      if (message.visibleAt <= now) {
        this.messages.splice(i, 1);
        message.receiveCount++;
        batch.push(message);
      } else {
        i++;
      }
    }
    return batch;
  }

  private async deliver(batch: QueuedMessage[]): Promise<void> {
    let failedIds: Set<string>;
    try {
      const response = await this.consumer!({ Records: batch.map((m) => this.toRecord(m)) });
      failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      failedIds = new Set(batch.map((m) => m.messageId));
    }
    const now = Date.now();
    for (const message of batch) {
      if (!failedIds.has(message.messageId)) continue;
      if (message.receiveCount >= this.maxReceiveCount) {
        this.deadLetters.push({
          messageId: message.messageId,
          body: message.body,
          receiveCount: message.receiveCount,
          failedAt: new Date(now).toISOString(),
        });
      } else {
        message.visibleAt = now + this.retryDelayMs(message.receiveCount);
        this.messages.push(message);
      }
    }
  }

  private scheduleNext(now: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.messages.length === 0 || this.inFlight >= this.concurrency) return;
    const next = Math.min(...this.messages.map((m) => m.visibleAt));
    this.timer = setTimeout(() => this.pump(), Math.max(0, next - now));
    this.timer.unref();
  }

  private notifyIfIdle(): void {
    if (this.inFlight > 0) return;
    const strictly = this.isIdle(false);
    const apartFromDelayed = strictly || this.isIdle(true);
    const waiting = this.idleWaiters;
    this.idleWaiters = waiting.filter((w) => !(strictly || (w.ignoreDelayed && apartFromDelayed)));
    for (const w of waiting) if (!this.idleWaiters.includes(w)) w.resolve();
  }

  private toRecord(message: QueuedMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: `${message.messageId}#${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:${this.options.name}`,
      awsRegion: 'local',
    };
  }
}
