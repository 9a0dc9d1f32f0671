import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { POOL_METRICS } from '../functions/entry/pool-metrics';
import { METRICS_NAMESPACE, SERVICE_NAME } from './leadrouter-function';

export interface InsightDashboardProps {
  /** Where the speed-to-lead and held-leads alarms go (the operations alarm topic). */
  readonly alarmTopic: ITopic;
  /** The dead-letter queues whose depth the dashboard shows. */
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  /** Speed to lead p90 (arrival → accepted) above this many minutes, over an hour, raises an alarm (default 30). */
  readonly speedToLeadP90Minutes?: number;
  /** More leads held than this in an hour raises an alarm (default 10). */
  readonly heldLeadsPerHour?: number;
}

const FIVE_MINUTES = Duration.minutes(5);
const ONE_HOUR = Duration.hours(1);

/** Per-pool series of a pool metric: one line per pool, found by CloudWatch's SEARCH. */
const perPool = (metricName: string, statistic: string, label: string) =>
  new MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},service,poolId} service="${SERVICE_NAME}" MetricName="${metricName}"', '${statistic}', 300)`,
    label,
    period: FIVE_MINUTES,
  });

const serviceMetric = (metricName: string, statistic: string, period = FIVE_MINUTES) =>
  new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: SERVICE_NAME }, statistic, period });

/**
 * The insight dashboard: leads received, assigned and held per pool, speed to lead p90, SLA
 * misses, assignment conflicts, dead-letter depth and webhook delivery failures; alarms on
 * speed to lead p90 and on held leads, into the alarm topic. The pool figures come from the
 * lead-change function (off the hot path); see docs/metrics.md.
 */
export class InsightDashboard extends Construct {
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: InsightDashboardProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${stackName}-insight` });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Leads received per pool',
        left: [perPool(POOL_METRICS.received, 'Sum', '')],
        width: 8,
      }),
      new GraphWidget({
        title: 'Leads assigned per pool',
        left: [perPool(POOL_METRICS.assigned, 'Sum', '')],
        width: 8,
      }),
      new GraphWidget({ title: 'Leads held per pool', left: [perPool(POOL_METRICS.held, 'Sum', '')], width: 8 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Speed to lead p90 (seconds)',
        left: [
          serviceMetric(POOL_METRICS.speedToLeadSeconds, 'p90'),
          perPool(POOL_METRICS.speedToLeadSeconds, 'p90', ''),
        ],
        width: 8,
      }),
      new GraphWidget({ title: 'SLA misses per pool', left: [perPool(POOL_METRICS.slaMissed, 'Sum', '')], width: 8 }),
      new GraphWidget({
        title: 'Assignment conflicts (retried commits)',
        left: [serviceMetric('AssignmentConflictRetries', 'Sum'), serviceMetric('AssignmentRetriesExhausted', 'Sum')],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Dead-letter queue depth',
        left: Object.entries(props.deadLetterQueues).map(([label, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum', label }),
        ),
        width: 12,
      }),
      new GraphWidget({
        title: 'Webhook delivery failures',
        left: [serviceMetric('WebhookDeliveryFailures', 'Sum')],
        width: 12,
      }),
    );

    const speedMinutes = props.speedToLeadP90Minutes ?? 30;
    const heldPerHour = props.heldLeadsPerHour ?? 10;
    this.alarms = [
      new Alarm(this, 'SpeedToLeadP90', {
        alarmName: `${stackName}-SpeedToLeadP90`,
        alarmDescription: `Speed to lead p90 over the last hour is above ${speedMinutes} minutes: reps are slow to accept; GET /admin/stats?groupBy=rep`,
        metric: serviceMetric(POOL_METRICS.speedToLeadSeconds, 'p90', ONE_HOUR),
        threshold: speedMinutes * 60,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'HeldLeads', {
        alarmName: `${stackName}-HeldLeads`,
        alarmDescription: `More than ${heldPerHour} leads were held in the last hour: pools ran out of eligible reps; GET /admin/stats?groupBy=pool`,
        metric: serviceMetric(POOL_METRICS.held, 'Sum', ONE_HOUR),
        threshold: heldPerHour,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(new SnsAction(props.alarmTopic));
      alarm.addOkAction(new SnsAction(props.alarmTopic));
    }
  }
}
