// The deployed configuration the cost model needs, read from the CDK stack itself (built
// in memory, without bundling), so it cannot drift from lib/api.ts.
import { App, Stack } from 'aws-cdk-lib';
import { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnEventSourceMapping, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { LeadRouterStack, type LeadRouterStackProps } from '../lib/leadrouter-stack';
import type { FunctionName } from './bundle-contents';

export interface DeployedConfig {
  functions: Record<
    FunctionName,
    {
      memoryMb: number;
      timeoutSeconds: number;
      tracing: string;
      sourceMaps: boolean;
      /** The Lambda runtime, e.g. `nodejs24.x`. */
      runtime: string;
      /** Whether it is given the link key's secret (the entries read it while they load). */
      readsLinkKey: boolean;
    }
  >;
  /**
   * The assigner's SQS event source: records per invocation at most, instances at most, and
   * its queue's visibility timeout (how long a record that failed waits before it comes back).
   */
  assignerEventSource: { batchSize: number; maxConcurrency?: number; visibilityTimeoutSeconds: number };
  /** The webhook route's throttle: requests per second, steady and in a burst. */
  apiThrottle: { rateLimit: number; burstLimit: number };
}

/**
 * Synthesises nothing: builds the stack's constructs and reads their properties. The
 * benchmark reads the defaults (what `cdk deploy` without `-c` switches deploys).
 */
export function readDeployedConfig(
  options: Pick<LeadRouterStackProps, 'tracing' | 'sourceMapStackTraces' | 'assignerMaxConcurrency'> = {},
): DeployedConfig {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new LeadRouterStack(app, 'BenchConfig', {
    ...options,
    env: { account: '111111111111', region: 'us-east-1' },
  });
  const functions = {} as DeployedConfig['functions'];
  const all = {
    ...stack.api.functions,
    leadChanges: stack.events.leadChanges,
    webhooks: stack.events.webhookDelivery,
  } satisfies Record<FunctionName, unknown>;
  for (const [name, fn] of Object.entries(all) as [FunctionName, (typeof all)[FunctionName]][]) {
    const cfn = fn.function.node.defaultChild as CfnFunction;
    const tracing = stack.resolve(cfn.tracingConfig) as { mode?: string } | undefined;
    const environment = stack.resolve(cfn.environment) as { variables?: Record<string, string> } | undefined;
    functions[name] = {
      memoryMb: Number(stack.resolve(cfn.memorySize) ?? 128),
      timeoutSeconds: Number(stack.resolve(cfn.timeout) ?? 3),
      tracing: tracing?.mode ?? 'PassThrough',
      sourceMaps: /--enable-source-maps/.test(environment?.variables?.NODE_OPTIONS ?? ''),
      runtime: String(stack.resolve(cfn.runtime)),
      readsLinkKey: 'LINK_KEY_SECRET_ARN' in (environment?.variables ?? {}),
    };
  }
  // The assigner's own SQS event source (the enricher has another).
  const mapping = stack.api.functions.assigner.function.node
    .findAll()
    .find((c): c is CfnEventSourceMapping => c instanceof CfnEventSourceMapping);
  const scaling = Stack.of(stack).resolve(mapping?.scalingConfig) as { maximumConcurrency?: number } | undefined;
  const source = stack.resolve(mapping?.eventSourceArn) as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const queue = stack.node
    .findAll()
    .find((c): c is CfnQueue => c instanceof CfnQueue && stack.getLogicalId(c) === source?.['Fn::GetAtt']?.[0]);
  if (!queue) throw new Error("The assigner's event source reads no queue of this stack");
  const stage = stack.node.findAll().find((c): c is CfnStage => c instanceof CfnStage);
  // Leads arrive on the webhook route, whose own throttle is what bounds them.
  const perRoute = stack.resolve(stage?.routeSettings) as
    | Record<string, { ThrottlingRateLimit?: number; ThrottlingBurstLimit?: number }>
    | undefined;
  const webhook = perRoute?.['POST /hooks/{sourceKey}'];
  const routes = webhook
    ? { throttlingRateLimit: webhook.ThrottlingRateLimit, throttlingBurstLimit: webhook.ThrottlingBurstLimit }
    : (stack.resolve(stage?.defaultRouteSettings) as
        | { throttlingRateLimit?: number; throttlingBurstLimit?: number }
        | undefined);
  return {
    functions,
    assignerEventSource: {
      batchSize: Number(Stack.of(stack).resolve(mapping?.batchSize) ?? 10),
      ...(scaling?.maximumConcurrency ? { maxConcurrency: scaling.maximumConcurrency } : {}),
      visibilityTimeoutSeconds: Number(stack.resolve(queue.visibilityTimeout) ?? 30),
    },
    apiThrottle: {
      rateLimit: Number(routes?.throttlingRateLimit ?? Number.POSITIVE_INFINITY),
      burstLimit: Number(routes?.throttlingBurstLimit ?? Number.POSITIVE_INFINITY),
    },
  };
}
