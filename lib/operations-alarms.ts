import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { OLDEST_HELD_LEAD_AGE_METRIC } from '../functions/entry/alarm-metrics';
import { type LeadRouterFunction, METRICS_NAMESPACE, SERVICE_NAME } from './leadrouter-function';
import type { StatefulResources } from './stateful-resources';

export interface OperationsAlarmsProps {
  readonly functions: Readonly<Record<string, LeadRouterFunction>>;
  readonly httpApi: HttpApi;
  readonly data: StatefulResources;
  /** Subscribed to the alarm topic by email (`-c alarmEmail=…`); the address confirms once. */
  readonly email?: string;
  /** A held lead older than this raises an alarm (default 60). */
  readonly heldLeadMinutes?: number;
  /** A message older than this in the ingest queue raises an alarm (default 20). */
  readonly queueAgeMinutes?: number;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * The alarms an operator of a small team needs, all to one SNS topic the stack creates:
 * function errors and throttles, API 5xx, failed notifications, the ingest queue's oldest
 * message, leads held too long, and the dead-letter queues. Each alarm also tells when it
 * is over (OK). Every threshold is "something went wrong", not "something is slow":
 * leadrouter has no 5xx, errors or failed deliveries in normal running.
 */
export class OperationsAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'AlarmTopic', { displayName: 'leadrouter alarms', enforceSSL: true });
    // CloudWatch publishes on the account's behalf; the TLS-only topic policy must let it in.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        actions: ['sns:Publish'],
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm messages carry alarm names, thresholds and metric values, never lead data; CloudWatch cannot publish to a topic under the AWS managed SNS key, and a customer managed key for alarms alone costs $1 a month',
    });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.topic.topicArn,
      description: 'Alarms go here: subscribe email, chat or a pager to it',
    });

    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${capitalized(name)}Errors`, {
        metric: fn.function.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        description: `The ${name} function failed (an unhandled error or a timeout); its log group says why`,
      });
      this.alarm(`${capitalized(name)}Throttles`, {
        metric: fn.function.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        description: `Lambda turned ${name} invocations away: the account's concurrency is used up`,
      });
    }
    this.alarm('Api5xx', {
      metric: props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      description:
        'The API answered 5xx: a request failed in a function or reached none; the access log and function logs say which',
    });
    this.alarm('NotificationDeliveryFailures', {
      metric: props.data.notificationsTopic.metricNumberOfNotificationsFailed({
        period: FIVE_MINUTES,
        statistic: 'Sum',
      }),
      description: 'SNS could not deliver a notice to a rep (SMS or email); see the SNS delivery logs and the rep',
    });
    this.alarm('NotificationPublishFailures', {
      metric: leadRouterMetric('NotificationFailures', 'Sum'),
      description: 'A function could not hand a notice to SNS; the lead is assigned, its rep was not told',
    });
    const queueAgeMinutes = props.queueAgeMinutes ?? 20;
    this.alarm('IngestQueueOldestMessage', {
      metric: props.data.ingestQueue.metricApproximateAgeOfOldestMessage({
        period: FIVE_MINUTES,
        statistic: 'Maximum',
      }),
      threshold: queueAgeMinutes * 60,
      description: `A message has waited over ${queueAgeMinutes} minutes in the ingest queue: the assigner is not keeping up or not running`,
    });
    const heldLeadMinutes = props.heldLeadMinutes ?? 60;
    this.alarm('LeadHeldTooLong', {
      metric: leadRouterMetric(OLDEST_HELD_LEAD_AGE_METRIC, 'Maximum'),
      threshold: heldLeadMinutes * 60,
      description: `A lead has been held (unassigned) over ${heldLeadMinutes} minutes: nobody in its pool can take it; GET /admin/leads?status=unassigned`,
    });
    for (const deadLetters of [props.data.deadLetterAlarm, props.data.enrichmentDeadLetterAlarm]) {
      deadLetters.addAlarmAction(new SnsAction(this.topic));
      deadLetters.addOkAction(new SnsAction(this.topic));
      this.alarms.push(deadLetters);
    }
  }

  private alarm(id: string, options: { metric: IMetric; description: string; threshold?: number }) {
    const alarm = new Alarm(this, id, {
      alarmName: `${Stack.of(this).stackName}-${id}`,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

/** A metric the functions publish through Powertools (namespace and `service` dimension from their environment). */
function leadRouterMetric(metricName: string, statistic: 'Sum' | 'Maximum'): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    period: FIVE_MINUTES,
    statistic,
  });
}

const capitalized = (name: string) => `${name[0]!.toUpperCase()}${name.slice(1)}`;
