// The CDK app: `npx cdk synth` / `npx cdk deploy`. See README.md, "Deploy to AWS", and the
// `-c` settings in docs/operations.md (read by lib/context-settings.ts).
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stackPropsFromContext } from '../lib/context-settings';
import { LeadRouterStack } from '../lib/leadrouter-stack';

const app = new App();
new LeadRouterStack(app, app.node.tryGetContext('stackName') ?? 'LeadRouter', {
  description: 'leadrouter: routes inbound leads to sales reps',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  ...stackPropsFromContext((name) => app.node.tryGetContext(name)),
});
// `npx cdk synth -c nag=true` runs cdk-nag's AwsSolutions pack (the tests always do).
if (app.node.tryGetContext('nag') === 'true')
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
