// The CDK app: `npx cdk synth` / `npx cdk deploy`. See README.md, "Deploy to AWS".
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LeadRouterStack } from '../lib/leadrouter-stack';

const app = new App();
const flag = (name: string) => String(app.node.tryGetContext(name)) === 'true';
const domainName: unknown = app.node.tryGetContext('domainName');
const certificateArn: unknown = app.node.tryGetContext('certificateArn');
if (Boolean(domainName) !== Boolean(certificateArn))
  throw new Error('A custom domain needs both -c domainName=… and -c certificateArn=…');
new LeadRouterStack(app, app.node.tryGetContext('stackName') ?? 'LeadRouter', {
  description: 'leadrouter: routes inbound leads to sales reps',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  // `-c tracing=true` turns on X-Ray; `-c sourceMaps=true` decodes stack traces in logs.
  tracing: flag('tracing'),
  sourceMapStackTraces: flag('sourceMaps'),
  // `-c domainName=leads.example.com -c certificateArn=arn:aws:acm:…` serves the API, links and
  // webhook URLs on your own domain (shorter links: SMS notices keep names whole).
  ...(domainName && certificateArn
    ? { customDomain: { domainName: String(domainName), certificateArn: String(certificateArn) } }
    : {}),
});
// `npx cdk synth -c nag=true` runs cdk-nag's AwsSolutions pack (the tests always do).
if (app.node.tryGetContext('nag') === 'true')
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
