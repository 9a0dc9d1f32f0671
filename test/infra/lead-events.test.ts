import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { LeadRouterStack } from '../../lib/leadrouter-stack';
import { testApp } from './support';

const template = () =>
  Template.fromStack(
    new LeadRouterStack(testApp(), 'LeadRouter', { env: { account: '111111111111', region: 'eu-west-1' } }),
  );

describe('LeadEvents', () => {
  it('reads the leads stream in batches, bisecting a failing one, and keeps what still fails in a dead-letter queue', () => {
    const mappings = Object.values(template().findResources('AWS::Lambda::EventSourceMapping')).map(
      (m) => m.Properties,
    );
    const stream = mappings.find((m) => m.StartingPosition);

    expect(stream).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      DestinationConfig: { OnFailure: { Destination: expect.anything() } },
    });
  });

  it('sends every lead event from the bus to the webhook queue, and exports the bus for your own rules', () => {
    const t = template();
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: { source: ['leadrouter'] } });
    const outputs = Object.values(t.findOutputs('*')).map((o) => o.Export?.Name);
    expect(outputs).toEqual(expect.arrayContaining(['LeadRouter-EventBusName', 'LeadRouter-EventBusArn']));
  });
});
