// Stand-ins for SNS, SQS and Secrets Manager on 127.0.0.1, so bundled handlers can start and
// run end to end in a child process (their SDK clients find them through
// AWS_ENDPOINT_URL_SNS / _SQS / _SECRETS_MANAGER). They answer the calls leadrouter makes
// (Publish, PublishBatch, SendMessage, GetSecretValue) and record them.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PublishedMessage {
  topicArn: string;
  subject?: string;
  /** The Message parameter as sent (a JSON object of per-protocol texts when `MessageStructure` is json). */
  message: string;
  /** What each kind of subscriber receives, as SNS resolves a per-protocol message. */
  delivered: { sms: string; email: string };
  attributes: Record<string, string>;
}

export interface SentMessage {
  queueUrl: string;
  body: string;
}

/** The value GetSecretValue answers with: the link-signing key the functions load at start. */
const STUB_SECRET_VALUE = 'stub-link-signing-key-for-local-runs-0123456789abcdef';

export interface AwsStubs {
  endpoint: string;
  published: PublishedMessage[];
  sent: SentMessage[];
  secretReads: number;
  close(): Promise<void>;
}

/** Starts one HTTP server that answers SNS Publish (query protocol) and SQS SendMessage (JSON protocol). */
export async function startAwsStubs(): Promise<AwsStubs> {
  const published: PublishedMessage[] = [];
  const sent: SentMessage[] = [];
  let secretReads = 0;
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const target = req.headers['x-amz-target'];
      if (target === 'secretsmanager.GetSecretValue') {
        const { SecretId } = JSON.parse(body) as { SecretId: string };
        secretReads++;
        return reply(
          res,
          200,
          'application/x-amz-json-1.1',
          JSON.stringify({ ARN: SecretId, Name: 'link-key', SecretString: STUB_SECRET_VALUE, VersionId: randomUUID() }),
        );
      }
      if (typeof target === 'string' && target.startsWith('AmazonSQS.')) {
        const input = JSON.parse(body) as { QueueUrl: string; MessageBody: string };
        if (target !== 'AmazonSQS.SendMessage')
          return reply(res, 400, 'application/x-amz-json-1.0', JSON.stringify({ __type: 'UnsupportedOperation' }));
        sent.push({ queueUrl: input.QueueUrl, body: input.MessageBody });
        const md5 = createHash('md5').update(input.MessageBody).digest('hex');
        return reply(
          res,
          200,
          'application/x-amz-json-1.0',
          JSON.stringify({ MessageId: randomUUID(), MD5OfMessageBody: md5 }),
        );
      }
      const form = new URLSearchParams(body);
      if (form.get('Action') === 'PublishBatch') return publishBatch(form, published, res);
      if (form.get('Action') !== 'Publish')
        return reply(res, 400, 'text/xml', '<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>');
      published.push({
        topicArn: form.get('TopicArn') ?? '',
        ...(form.get('Subject') ? { subject: form.get('Subject')! } : {}),
        ...delivery(form.get('Message') ?? '', form.get('MessageStructure')),
        attributes: messageAttributes(form),
      });
      reply(
        res,
        200,
        'text/xml',
        [
          '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">',
          `<PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult>`,
          `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>`,
          '</PublishResponse>',
        ].join(''),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    published,
    sent,
    get secretReads() {
      return secretReads;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A message as SNS hands it to subscribers: with `MessageStructure: json` the message is an
 * object of texts by protocol and `default` serves protocols it does not name.
 */
function delivery(message: string, structure: string | null): Pick<PublishedMessage, 'message' | 'delivered'> {
  if (structure !== 'json') return { message, delivered: { sms: message, email: message } };
  const texts = JSON.parse(message) as Record<string, string>;
  if (typeof texts.default !== 'string') throw new Error('SNS refuses a json-structured message without a default');
  return { message, delivered: { sms: texts.sms ?? texts.default, email: texts.email ?? texts.default } };
}

/** `<prefix>MessageAttributes.entry.N.Name` / `.Value.StringValue` pairs as a record. */
function messageAttributes(form: URLSearchParams, prefix = ''): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (let n = 1; form.has(`${prefix}MessageAttributes.entry.${n}.Name`); n++) {
    attributes[form.get(`${prefix}MessageAttributes.entry.${n}.Name`)!] =
      form.get(`${prefix}MessageAttributes.entry.${n}.Value.StringValue`) ?? '';
  }
  return attributes;
}

/** PublishBatch: every `PublishBatchRequestEntries.member.N` entry, all successful. */
function publishBatch(form: URLSearchParams, published: PublishedMessage[], res: import('node:http').ServerResponse) {
  const ids: string[] = [];
  for (let n = 1; form.has(`PublishBatchRequestEntries.member.${n}.Id`); n++) {
    const prefix = `PublishBatchRequestEntries.member.${n}.`;
    ids.push(form.get(`${prefix}Id`)!);
    published.push({
      topicArn: form.get('TopicArn') ?? '',
      ...(form.get(`${prefix}Subject`) ? { subject: form.get(`${prefix}Subject`)! } : {}),
      ...delivery(form.get(`${prefix}Message`) ?? '', form.get(`${prefix}MessageStructure`)),
      attributes: messageAttributes(form, prefix),
    });
  }
  reply(
    res,
    200,
    'text/xml',
    [
      '<PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishBatchResult><Successful>',
      ...ids.map((id) => `<member><Id>${id}</Id><MessageId>${randomUUID()}</MessageId></member>`),
      '</Successful><Failed/></PublishBatchResult>',
      `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishBatchResponse>`,
    ].join(''),
  );
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: import('node:http').ServerResponse, status: number, contentType: string, body: string) {
  res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': randomUUID() });
  res.end(body);
}
