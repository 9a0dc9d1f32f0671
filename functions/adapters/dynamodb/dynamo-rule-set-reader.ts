import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { RuleSetReader } from '../../core/routing/ports';
import type { RuleSet } from '../../core/routing/rules';
import { RULE_SET_KEY, stripKeys } from './table-keys';

/** Reads the routing rule set item (an eventually consistent read: the reader is cached anyway). */
export class DynamoRuleSetReader implements RuleSetReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly configTable: string,
  ) {}

  async current(): Promise<RuleSet | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.configTable, Key: RULE_SET_KEY }));
    return Item ? (stripKeys(Item) as unknown as RuleSet) : undefined;
  }
}
