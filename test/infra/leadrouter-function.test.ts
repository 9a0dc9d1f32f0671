import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../functions/adapters/dynamodb/table-definitions';
import { LeadRouterFunction } from '../../lib/leadrouter-function';
import { testStack } from './support';

function synth(
  bind: (fn: LeadRouterFunction, table: TableV2) => void,
  options: { tracing?: boolean; sourceMapStackTraces?: boolean } = {},
) {
  const stack = testStack();
  const fn = new LeadRouterFunction(stack, 'Fn', {
    entry: 'functions/entry/ingest.ts',
    description: 'test function',
    ...options,
  });
  const table = new TableV2(stack, 'Leads', {
    partitionKey: { name: 'id', type: AttributeType.STRING },
    globalSecondaryIndexes: [{ indexName: 'byStatus', partitionKey: { name: 'status', type: AttributeType.STRING } }],
  });
  bind(fn, table);
  return Template.fromStack(stack);
}

describe('LeadRouterFunction', () => {
  it('runs Node.js 24 on ARM64 with JSON logs to its own log group with a retention, no tracing by default', () => {
    const template = synth(() => undefined);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: Match.absent(),
      LoggingConfig: { LogFormat: 'JSON' },
      Environment: {
        Variables: {
          SERVICE_NAME: 'leadrouter',
          METRICS_NAMESPACE: 'LeadRouter',
          LOG_LEVEL: 'INFO',
        },
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    // No managed policy: the role can write to its own log group and nothing else by default.
    const roles = template.findResources('AWS::IAM::Role');
    expect(Object.values(roles)[0]!.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('traces with X-Ray and decodes stack traces with source maps when asked to', () => {
    const template = synth(() => undefined, { tracing: true, sourceMapStackTraces: true });
    template.hasResourceProperties('AWS::Lambda::Function', {
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) },
    });
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).toContain('xray:PutTraceSegments');
  });

  it('sets the table env var and grants exactly the actions asked for, indexes only for queries', () => {
    const writeOnly = synth((fn, table) => fn.bindTable(table, TABLES.leads, ['PutItem']));
    writeOnly.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ LEADS_TABLE: { Ref: Match.anyValue() } }) },
    });
    const statements = JSON.stringify(writeOnly.findResources('AWS::IAM::Policy'));
    expect(statements).toContain('dynamodb:PutItem');
    expect(statements).not.toContain('dynamodb:Query');
    expect(statements).not.toContain('/index/*');

    const querying = JSON.stringify(
      synth((fn, table) => fn.bindTable(table, TABLES.leads, ['Query'])).findResources('AWS::IAM::Policy'),
    );
    expect(querying).toContain('/index/*');
  });
});
