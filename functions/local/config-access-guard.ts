// The local stand-in for the `dynamodb:LeadingKeys` conditions the stack puts on each
// function's role: a DynamoDB client that refuses a config item whose kind the function may
// not touch, as IAM would in AWS. Each function of the local stack gets its own.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CONFIG_ITEM_ACCESS, type ConfigReader } from '../adapters/dynamodb/config-access';
import { LOCAL_AWS } from './dynamodb-local';

/** What IAM answers when a condition refuses the request. */
export class ConfigAccessDenied extends Error {
  override readonly name = 'AccessDeniedException';
}

type Input = Record<string, unknown>;

/**
 * A document client on `endpoint` for one function, refusing what its role would refuse:
 * config items of other kinds, and scans of the config table (no leading key to check).
 */
export function guardedDocumentClient(
  endpoint: string,
  configTable: string,
  fn: ConfigReader,
): { documents: DynamoDBDocumentClient; destroy(): void } {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
  const allowed: readonly string[] = CONFIG_ITEM_ACCESS[fn];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const kinds = configKindsTouched(args.input as Input, configTable, context.commandName ?? '');
      const denied = kinds.find((kind) => !allowed.includes(kind));
      if (denied !== undefined)
        throw new ConfigAccessDenied(
          `${fn} may not touch config items of kind "${denied}" (${context.commandName}); its role allows ${allowed.join(', ')}`,
        );
      return next(args);
    },
    { step: 'initialize', name: 'configAccessGuard' },
  );
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { documents, destroy: () => client.destroy() };
}

/** The partition keys (kinds) of the config table a request touches; `*` for a scan. */
export function configKindsTouched(input: Input, configTable: string, commandName: string): string[] {
  const kinds: string[] = [];
  const keyOf = (item: unknown) => kinds.push(attributeValue((item as Input | undefined)?.pk));
  const ofTable = (operation: unknown) => (operation as Input | undefined)?.TableName === configTable;

  if (input.TableName === configTable) {
    if (commandName.startsWith('Scan')) kinds.push('*');
    else if (commandName.startsWith('Query')) kinds.push(...queriedKinds(input));
    else keyOf(input.Key ?? input.Item);
  }
  const requestItems = (input.RequestItems as Record<string, unknown> | undefined)?.[configTable];
  if (requestItems) {
    const requests = Array.isArray(requestItems) ? requestItems : ((requestItems as Input).Keys as unknown[]);
    for (const request of requests) {
      const write = request as Input;
      if (write.PutRequest) keyOf((write.PutRequest as Input).Item);
      else if (write.DeleteRequest) keyOf((write.DeleteRequest as Input).Key);
      else keyOf(request);
    }
  }
  for (const transactItem of (input.TransactItems as Input[] | undefined) ?? []) {
    for (const operation of Object.values(transactItem))
      if (ofTable(operation)) keyOf((operation as Input).Key ?? (operation as Input).Item);
  }
  return kinds;
}

/** The kinds a config-table query names: the value its key condition compares `pk` with. */
function queriedKinds(input: Input): string[] {
  const placeholder = /\bpk\s*=\s*(:\w+)/.exec(String(input.KeyConditionExpression ?? ''))?.[1];
  const values = (input.ExpressionAttributeValues ?? {}) as Input;
  return [placeholder ? attributeValue(values[placeholder]) : '*'];
}

/** A string attribute in either form: a document client's plain value or the wire's `{ S: … }`. */
function attributeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { S?: unknown }).S === 'string')
    return (value as { S: string }).S;
  return '*';
}
