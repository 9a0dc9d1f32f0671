import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { InsightDashboard } from '../../lib/insight-dashboard';
import { testApp } from './support';

function synth(props: { speedToLeadP90Minutes?: number; heldLeadsPerHour?: number } = {}) {
  const stack = new Stack(testApp(), 'Insight');
  const topic = new Topic(stack, 'Alarms');
  new InsightDashboard(stack, 'Insight', {
    alarmTopic: topic,
    deadLetterQueues: { ingest: new Queue(stack, 'Dlq'), leadChanges: new Queue(stack, 'LeadChangesDlq') },
    ...props,
  });
  return Template.fromStack(stack);
}

describe('InsightDashboard', () => {
  it('graphs leads per pool, speed to lead p90, SLA misses, conflicts, dead letters and webhook failures', () => {
    const template = synth();
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties);
    for (const shown of [
      'PoolLeadsReceived',
      'PoolLeadsAssigned',
      'PoolLeadsHeld',
      'SpeedToLeadSeconds',
      'p90',
      'PoolSlaMissed',
      'AssignmentConflictRetries',
      'ApproximateNumberOfMessagesVisible',
      'WebhookDeliveryFailures',
    ]) {
      expect(body, shown).toContain(shown);
    }
  });

  it('alarms on speed to lead p90 and on held leads over their thresholds, into the alarm topic', () => {
    const template = synth({ speedToLeadP90Minutes: 20, heldLeadsPerHour: 5 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SpeedToLeadSeconds',
      ExtendedStatistic: 'p90',
      Threshold: 1200,
      AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('Alarms') })],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'PoolLeadsHeld',
      Statistic: 'Sum',
      Threshold: 5,
      Period: 3600,
      OKActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('Alarms') })],
    });
  });
});
