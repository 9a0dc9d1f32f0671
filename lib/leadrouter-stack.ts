import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ASSIGNER_TIMEOUT_SECONDS } from '../functions/adapters/messaging/delivery-limits';
import { Api } from './api';
import { StatefulResources } from './stateful-resources';

export interface LeadRouterStackProps extends StackProps {
  /** API Gateway throttling for the whole API. */
  readonly rateLimit?: number;
  readonly burstLimit?: number;
  /** X-Ray active tracing on every function (`-c tracing=true`). */
  readonly tracing?: boolean;
  /** `--enable-source-maps` on every function (`-c sourceMaps=true`). */
  readonly sourceMapStackTraces?: boolean;
  /** Most assigner instances at once (default 5). */
  readonly assignerMaxConcurrency?: number;
  /** Your own domain for the API, links and webhook URLs (`-c domainName=… -c certificateArn=…`). */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
}

/** leadrouter in one stack: stateful resources, then the functions and API that use them. */
export class LeadRouterStack extends Stack {
  readonly data: StatefulResources;
  readonly api: Api;

  constructor(scope: Construct, id: string, props: LeadRouterStackProps = {}) {
    super(scope, id, props);
    this.data = new StatefulResources(this, 'Data', { assignerTimeoutSeconds: ASSIGNER_TIMEOUT_SECONDS });
    this.api = new Api(this, 'Api', {
      data: this.data,
      assignerTimeoutSeconds: ASSIGNER_TIMEOUT_SECONDS,
      ...(props.rateLimit ? { rateLimit: props.rateLimit } : {}),
      ...(props.burstLimit ? { burstLimit: props.burstLimit } : {}),
      ...(props.tracing !== undefined ? { tracing: props.tracing } : {}),
      ...(props.sourceMapStackTraces !== undefined ? { sourceMapStackTraces: props.sourceMapStackTraces } : {}),
      ...(props.assignerMaxConcurrency ? { assignerMaxConcurrency: props.assignerMaxConcurrency } : {}),
      ...(props.customDomain ? { customDomain: props.customDomain } : {}),
    });
    // `npm run admin -- create-key` finds the tables through these, and `redrive` the leads and queues.
    new CfnOutput(this, 'ConfigTableName', { value: this.data.tables.config.tableName });
    new CfnOutput(this, 'StateTableName', { value: this.data.tables.state.tableName });
    new CfnOutput(this, 'LeadsTableName', { value: this.data.tables.leads.tableName });
    new CfnOutput(this, 'IngestQueueUrl', { value: this.data.ingestQueue.queueUrl });
    new CfnOutput(this, 'IngestDeadLetterQueueArn', { value: this.data.deadLetterQueue.queueArn });
    new CfnOutput(this, 'EnrichmentQueueUrl', { value: this.data.enrichmentQueue.queueUrl });
    new CfnOutput(this, 'EnrichmentDeadLetterQueueArn', { value: this.data.enrichmentDeadLetterQueue.queueArn });
  }
}
