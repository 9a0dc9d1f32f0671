import { Annotations, CfnOutput, Stack, type StackProps, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ASSIGNER_TIMEOUT_SECONDS } from '../functions/adapters/messaging/delivery-limits';
import { Api } from './api';
import { InsightDashboard } from './insight-dashboard';
import { LeadEvents } from './lead-events';
import { OperationsAlarms } from './operations-alarms';
import { type RouteFamily, type Throttle, throttlesWith } from './route-throttles';
import { StatefulResources } from './stateful-resources';
import { WebFirewall, type WebFirewallProps, WebFirewallStack } from './web-firewall';

export interface LeadRouterStackProps extends StackProps {
  /** API Gateway throttling per route family, changing the defaults (`-c webhooksRate=…`, lib/route-throttles.ts). */
  readonly throttles?: Partial<Record<RouteFamily, Partial<Throttle>>>;
  /** X-Ray active tracing on every function (`-c tracing=true`). */
  readonly tracing?: boolean;
  /** `--enable-source-maps` on every function (`-c sourceMaps=true`). */
  readonly sourceMapStackTraces?: boolean;
  /** Most assigner instances at once (default 5). */
  readonly assignerMaxConcurrency?: number;
  /** Your own domain for the API, links and webhook URLs (`-c domainName=… -c certificateArn=…`). */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
  /** Subscribes this address to the alarm topic (`-c alarmEmail=…`). */
  readonly alarmEmail?: string;
  /** Alarm when a lead has been held this many minutes (`-c heldLeadAlarmMinutes=…`, default 60). */
  readonly heldLeadAlarmMinutes?: number;
  /** Alarm when a message has waited this many minutes in the ingest queue (`-c queueAgeAlarmMinutes=…`, default 20). */
  readonly queueAgeAlarmMinutes?: number;
  /** Days the lead events archive keeps events for replay (`-c eventArchiveDays=…`, default 30; 0 keeps them forever). */
  readonly eventArchiveDays?: number;
  /** CloudFront with a web ACL in front of the API (`-c waf=true`, lib/web-firewall.ts); off when absent. */
  readonly webFirewall?: WebFirewallProps;
}

/** Where a web ACL for CloudFront must be created. */
const FIREWALL_REGION = 'us-east-1';

/** Whether the web ACL needs a stack of its own: the API's region is known and is not us-east-1. */
function firewallApart(props: LeadRouterStackProps): boolean {
  const region = props.env?.region;
  return (
    props.webFirewall !== undefined && region !== undefined && !Token.isUnresolved(region) && region !== FIREWALL_REGION
  );
}

/**
 * leadrouter in one stack: stateful resources, then the functions and API that use them, and
 * the alarms. With the web firewall outside us-east-1, its web ACL goes to a second stack
 * there (`<id>Firewall`), referenced across regions.
 */
export class LeadRouterStack extends Stack {
  readonly data: StatefulResources;
  readonly api: Api;
  /** The lead events bus's stream consumer and webhook delivery. */
  readonly events: LeadEvents;
  readonly alarms: OperationsAlarms;
  /** The insight dashboard and its speed-to-lead and held-leads alarms. */
  readonly insight: InsightDashboard;
  /** The web ACL's own stack, when it needs one. */
  readonly firewallStack?: WebFirewallStack;

  constructor(scope: Construct, id: string, props: LeadRouterStackProps = {}) {
    super(scope, id, { ...props, ...(firewallApart(props) ? { crossRegionReferences: true } : {}) });
    let webAclArn: string | undefined;
    if (props.webFirewall && firewallApart(props)) {
      this.firewallStack = new WebFirewallStack(scope, `${id}Firewall`, {
        ...props.webFirewall,
        description: "leadrouter: the web ACL in front of the API (CloudFront's web ACLs live in us-east-1)",
        env: { ...(props.env?.account ? { account: props.env.account } : {}), region: FIREWALL_REGION },
        crossRegionReferences: true,
      });
      webAclArn = this.firewallStack.firewall.webAclArn;
    } else if (props.webFirewall) {
      if (Token.isUnresolved(this.region))
        Annotations.of(this).addWarningV2(
          'leadrouter:webAclRegion',
          'The region is unknown at synthesis, so the web ACL is in this stack, which deploys only to us-east-1; with a region (cdk deploy sets it) it moves to a stack of its own in us-east-1',
        );
      webAclArn = new WebFirewall(this, 'WebFirewall', props.webFirewall).webAclArn;
    }
    this.data = new StatefulResources(this, 'Data', {
      assignerTimeoutSeconds: ASSIGNER_TIMEOUT_SECONDS,
      ...(props.eventArchiveDays !== undefined ? { eventArchiveDays: props.eventArchiveDays } : {}),
    });
    this.api = new Api(this, 'Api', {
      data: this.data,
      assignerTimeoutSeconds: ASSIGNER_TIMEOUT_SECONDS,
      throttles: throttlesWith(props.throttles),
      ...(props.tracing !== undefined ? { tracing: props.tracing } : {}),
      ...(props.sourceMapStackTraces !== undefined ? { sourceMapStackTraces: props.sourceMapStackTraces } : {}),
      ...(props.assignerMaxConcurrency ? { assignerMaxConcurrency: props.assignerMaxConcurrency } : {}),
      ...(props.customDomain ? { customDomain: props.customDomain } : {}),
      ...(webAclArn ? { webAclArn } : {}),
    });
    this.events = new LeadEvents(this, 'Events', {
      data: this.data,
      publicBaseUrl: this.api.publicBaseUrl,
      ...(props.tracing !== undefined ? { tracing: props.tracing } : {}),
      ...(props.sourceMapStackTraces !== undefined ? { sourceMapStackTraces: props.sourceMapStackTraces } : {}),
    });
    this.alarms = new OperationsAlarms(this, 'Alarms', {
      functions: {
        ...this.api.functions,
        leadChanges: this.events.leadChanges,
        webhooks: this.events.webhookDelivery,
      },
      httpApi: this.api.httpApi,
      data: this.data,
      ...(props.alarmEmail ? { email: props.alarmEmail } : {}),
      ...(props.heldLeadAlarmMinutes ? { heldLeadMinutes: props.heldLeadAlarmMinutes } : {}),
      ...(props.queueAgeAlarmMinutes ? { queueAgeMinutes: props.queueAgeAlarmMinutes } : {}),
    });
    this.insight = new InsightDashboard(this, 'Insight', {
      alarmTopic: this.alarms.topic,
      deadLetterQueues: {
        ingest: this.data.deadLetterQueue,
        enrichment: this.data.enrichmentDeadLetterQueue,
        leadChanges: this.events.leadChangesDeadLetterQueue,
      },
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
