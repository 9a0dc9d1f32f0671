// The `-c name=value` settings of `npx cdk synth|deploy`, read into the stack's props. Every
// setting is documented in docs/operations.md; a malformed one stops synthesis with a clear
// message rather than deploying something else.
import type { LeadRouterStackProps } from './leadrouter-stack';
import { throttleChangesFromContext } from './route-throttles';

/** The stack's props from the CDK context (`app.node.tryGetContext`). */
export function stackPropsFromContext(context: (name: string) => unknown): LeadRouterStackProps {
  const flag = (name: string) => String(context(name)) === 'true';
  const minutes = (name: string): number | undefined => {
    const value = context(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`-c ${name} must be a whole number of minutes`);
    return parsed;
  };
  const alarmEmail = context('alarmEmail');
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(alarmEmail)))
    throw new Error(`-c alarmEmail must be an email address, not "${String(alarmEmail)}"`);
  const domainName = context('domainName');
  const certificateArn = context('certificateArn');
  if (Boolean(domainName) !== Boolean(certificateArn))
    throw new Error('A custom domain needs both -c domainName=… and -c certificateArn=…');
  const waf = flag('waf');
  if (waf && domainName)
    throw new Error('-c waf=true and a custom domain cannot go together yet: see docs/operations.md, "The AWS edge"');
  const wafWebhookLimit = context('wafWebhookLimit');
  if (wafWebhookLimit !== undefined && !(Number.isInteger(Number(wafWebhookLimit)) && Number(wafWebhookLimit) >= 10))
    throw new Error(
      `-c wafWebhookLimit must be a whole number of requests, at least 10, not "${String(wafWebhookLimit)}"`,
    );
  const eventArchiveDays = context('eventArchiveDays');
  if (eventArchiveDays !== undefined && !(Number.isInteger(Number(eventArchiveDays)) && Number(eventArchiveDays) >= 0))
    throw new Error(
      `-c eventArchiveDays must be a whole number of days (0 keeps events forever), not "${String(eventArchiveDays)}"`,
    );
  const heldLeadAlarmMinutes = minutes('heldLeadAlarmMinutes');
  const queueAgeAlarmMinutes = minutes('queueAgeAlarmMinutes');
  return {
    // `-c tracing=true` turns on X-Ray; `-c sourceMaps=true` decodes stack traces in logs.
    tracing: flag('tracing'),
    sourceMapStackTraces: flag('sourceMaps'),
    // `-c webhooksRate=100 -c webhooksBurst=200` (and admin…, repLinks…, docs…): per-route throttles.
    throttles: throttleChangesFromContext(context),
    // `-c alarmEmail=ops@example.com` subscribes an address to the alarm topic.
    ...(alarmEmail ? { alarmEmail: String(alarmEmail) } : {}),
    ...(heldLeadAlarmMinutes ? { heldLeadAlarmMinutes } : {}),
    // `-c eventArchiveDays=90`: how long the lead events archive keeps events for replay.
    ...(eventArchiveDays !== undefined ? { eventArchiveDays: Number(eventArchiveDays) } : {}),
    ...(queueAgeAlarmMinutes ? { queueAgeAlarmMinutes } : {}),
    // `-c waf=true`: CloudFront and a web ACL in front of the API; `-c wafWebhookLimit=N` webhook requests per IP per 5 minutes.
    ...(waf
      ? { webFirewall: wafWebhookLimit !== undefined ? { webhookRequestsPer5Minutes: Number(wafWebhookLimit) } : {} }
      : {}),
    // `-c domainName=leads.example.com -c certificateArn=arn:aws:acm:…` serves the API, links and
    // webhook URLs on your own domain (shorter links: SMS notices keep names whole).
    ...(domainName && certificateArn
      ? { customDomain: { domainName: String(domainName), certificateArn: String(certificateArn) } }
      : {}),
  };
}
