import {
  type DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';

export type FaultKind = 'throttle' | '5xx';

/**
 * Faults at the SDK client's edge: a middleware in the `initialize` step, before the SDK's
 * own retries, so the adapters meet the error as they would once those retries are spent.
 * Arm it to fail the n-th call from now, or poison every call a predicate picks.
 */
export class DynamoFaults {
  /** The commands sent since the last `arm`, in order. */
  calls: string[] = [];
  /** Faults injected since the last `arm`. */
  injected: string[] = [];
  private failAt: number | undefined;
  private kind: FaultKind = 'throttle';
  private poison: ((command: string, input: unknown) => boolean) | undefined;

  install(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? 'unknown';
        const n = this.calls.push(command);
        if (n === this.failAt || this.poison?.(command, args.input)) {
          this.injected.push(command);
          throw faultOf(this.poison ? '5xx' : this.kind, command);
        }
        return next(args);
      },
      { step: 'initialize', name: 'faultInjection', priority: 'high' },
    );
  }

  /** Fails the n-th call from now (1 is the next one) with this kind of fault. */
  arm(nth: number, kind: FaultKind): void {
    this.calls = [];
    this.injected = [];
    this.failAt = nth;
    this.kind = kind;
  }

  /** Fails every call the predicate picks, with a 5xx, until `cure`. */
  poisonWhen(predicate: (command: string, input: unknown) => boolean): void {
    this.poison = predicate;
  }

  cure(): void {
    this.failAt = undefined;
    this.poison = undefined;
  }
}

function faultOf(kind: FaultKind, command: string): Error {
  const $metadata = { httpStatusCode: kind === 'throttle' ? 400 : 500, attempts: 3 };
  return kind === 'throttle'
    ? new ProvisionedThroughputExceededException({ message: `${command}: throughput exceeded (injected)`, $metadata })
    : new InternalServerError({ message: `${command}: internal server error (injected)`, $metadata });
}
