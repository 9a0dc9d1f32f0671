import { App, Stack } from 'aws-cdk-lib';

/**
 * An app that does not bundle function code (assertion tests need the template, not the zip)
 * and skips CDK's built-in CloudFormation validation, which costs seconds per process: the
 * `cdk synth` test runs the app as users do, validation included.
 */
export function testApp(): App {
  return new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } });
}

export function testStack(): Stack {
  return new Stack(testApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
}
