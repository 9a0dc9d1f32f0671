import fc from 'fast-check';
import { ROUTES } from '../../functions/http/routes';

// fast-check arbitraries for whole HTTP requests as bytes: what a careless or hostile sender
// may put on the wire. Built as bytes so nothing (fetch, URL) tidies them up first.

/** What the fuzzed requests aim at: real keys and tokens, so hostile input reaches deep. */
export interface RequestTargets {
  sourceKeys: string[];
  adminKey: string;
  linkToken: string;
  queueToken: string;
  /** Ids that may appear in read-only paths (mutating paths get made-up ids). */
  readableIds: string[];
}

export interface HostileRequest {
  bytes: Buffer;
  description: string;
}

const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
  'prototype',
  'CONSTRUCTOR',
  'Con_structor',
  ' constructor ',
  'to-String',
];
const FIELD_KEYS = ['email', 'name', 'phone', 'score', 'utm', 'country', 'company', 'message', 'website', 'ref'];

const CHARSETS = [
  '',
  '; charset=utf-8',
  '; charset=latin1',
  '; charset=ISO-8859-1',
  '; charset=utf-16',
  '; charset=klingon',
  '; charset="utf-8"',
  ';charset=',
];
const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/vnd.api+json',
  'text/html',
  'multipart/form-data; boundary=x',
  'a/b/c;;;',
  '',
];

/** Text with everything in it: any code unit (lone surrogates too), control characters, prototype names. */
const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('\u0000', '\r\n', '\ud800', '\udfff', '%', '%E0%A4%A', '%ZZ', '..', '/', '\\'),
  },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5_000), 'é'.repeat(20_000)) },
);

const key = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.constantFrom(...FIELD_KEYS), hostileText);

/** A JSON value as text, with number tokens JSON.parse cannot keep and escapes that make lone surrogates. */
const jsonValue: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      '1e400',
      '-1e400',
      '123456789012345678901',
      '-0',
      '0.1',
      '1e-400',
      'true',
      'null',
      '"\\ud800"',
      '"\\udc00x"',
    ),
    hostileText.map((text) => JSON.stringify(text)),
    fc.constant('"a@x.com"'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(key, tie('value')), { maxLength: 5 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
})).value;

const jsonObject = fc.array(fc.tuple(key, jsonValue), { maxLength: 8 }).map((entries) => {
  const all: [string, string][] = [['email', '"a@x.com"'], ...entries];
  return `{${all.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
});

const deepNesting = fc
  .tuple(fc.integer({ min: 20, max: 30_000 }), fc.constantFrom('[', '{"a":'))
  .map(
    ([depth, open]) => `{"email":"a@x.com","deep":${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}}`,
  );

const formBody = fc.array(fc.tuple(key, hostileText), { maxLength: 8 }).map((pairs) => {
  const all: [string, string][] = [['email', 'a@x.com'], ...pairs];
  return all.map(([k, v]) => `${formPart(k)}=${formPart(v)}`).join('&');
});

/** A lead a sender might really post, but with prototype names and odd text for custom fields: mostly accepted. */
const plausibleLead = fc
  .array(
    fc.tuple(
      fc.constantFrom(...PROTOTYPE_KEYS.filter((k) => k !== '__proto__')),
      fc.string({ unit: 'binary', maxLength: 30 }),
    ),
    {
      maxLength: 4,
    },
  )
  .map((entries) => JSON.stringify({ email: 'plausible@example.com', name: 'Ann', ...Object.fromEntries(entries) }));

const body = fc.oneof(
  { weight: 3, arbitrary: plausibleLead },
  { weight: 4, arbitrary: jsonObject },
  { weight: 2, arbitrary: formBody },
  { weight: 1, arbitrary: deepNesting },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '{', 'null', '[]', '{"a":', '\u0000', '{"email":"a@x.com"}'.repeat(4_000)),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')) },
);

/** A string in a form body or a path: sometimes as it should be encoded, sometimes raw, sometimes broken. */
function formPart(text: string): string {
  return percentEncoded(text);
}

/** Percent-encodes UTF-16 code units as UTF-8 bytes, lone surrogates as the (invalid) bytes they would take. */
function percentEncoded(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const char = text[i]!;
    if (/[A-Za-z0-9_.~-]/.test(char)) out += char;
    else if (unit >= 0xd800 && unit <= 0xdfff)
      out += `%ED%${(0xa0 + ((unit >> 6) & 0x1f)).toString(16)}%${(0x80 + (unit & 0x3f)).toString(16)}`;
    else for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return out;
}

/** A path segment: a real credential, one with a character changed, or anything. */
function segment(real: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...real),
    fc.tuple(fc.constantFrom(...real), fc.nat(), fc.string({ minLength: 1, maxLength: 1 })).map(([r, at, c]) => {
      const i = at % r.length;
      return encodeURIComponent(`${r.slice(0, i)}${c}${r.slice(i + 1)}`);
    }),
    hostileText.map(percentEncoded),
    fc.constantFrom('%E0%A4%A', '%ZZ%E0', '%ED%A0%80', '%C0%AF', '%00', '%2F', '..', '', '%'),
  );
}

function pathFor(t: RequestTargets): fc.Arbitrary<string> {
  const anyId = segment(t.readableIds);
  const madeUpId = segment(['lead_nothing', 'rep_nobody', 'pool_none']);
  const routePaths = fc.constantFrom(...ROUTES).chain((route) => {
    const id = route.method === 'GET' ? anyId : madeUpId;
    const fills: Record<string, fc.Arbitrary<string>> = {
      sourceKey: segment(t.sourceKeys),
      token: segment(route.path.startsWith('/q/') ? [t.queueToken] : [t.linkToken]),
      id,
      leadId: madeUpId,
      deliveryId: segment(['evt_lead_nothing_0', 'evt_x_1']),
      // Lookup tables by name, and the console's content-hashed files.
      name: segment(['us-zip', 'named-accounts', 'no-such-table']),
      asset: segment(['main.js', 'app-0000000000.js', 'style.css']),
    };
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    return fc.tuple(...names.map((name) => fills[name]!)).map((values) => ({
      method: route.method as string,
      path: names.reduce((p, n, i) => p.replace(`{${n}}`, values[i]!), route.path),
    }));
  });
  const oddPaths = fc.constantFrom(
    '//',
    '/../health',
    '/%2e%2e/admin/reps',
    '/hooks/',
    '/admin',
    `/${'a'.repeat(9_000)}`,
    '*',
    'http://a:99999/health',
    'http://[::1/x',
  );
  // Webhooks with a real key most of all: that is where a body goes deepest.
  const webhooks = fc.constantFrom(...t.sourceKeys).map((key) => `POST /hooks/${key}`);
  return fc.oneof(
    { weight: 4, arbitrary: webhooks },
    { weight: 6, arbitrary: routePaths.map((r) => `${r.method} ${r.path}`) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS'), oddPaths).map(([m, p]) => `${m} ${p}`),
    },
  );
}

const queryString = fc.option(
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom('status', 'limit', 'cursor', 'poolId', 'hub.mode', 'hub.verify_token', 'hub.challenge'),
          key,
        ),
        fc.oneof(
          hostileText,
          fc.constantFrom('failed', 'received', '0', '-1', '201', 'subscribe', 'eyJrZXkiOnsieCI6InkifX0'),
        ),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => `?${pairs.map(([k, v]) => `${percentEncoded(k)}=${percentEncoded(v)}`).join('&')}`),
  { nil: '' },
);

function headers(t: RequestTargets): fc.Arbitrary<[string, string][]> {
  const value = hostileText.map((text) =>
    Buffer.from(text, 'utf8')
      .toString('latin1')
      .replace(/[\r\n]/g, ' '),
  );
  return fc
    .record({
      authorization: fc.option(fc.oneof(fc.constant(`Bearer ${t.adminKey}`), fc.constant('Bearer lr_wrong'), value), {
        freq: 2,
      }),
      type: fc.tuple(
        fc.oneof({ weight: 4, arbitrary: fc.constant('application/json') }, fc.constantFrom(...CONTENT_TYPES)),
        fc.oneof({ weight: 4, arbitrary: fc.constant('') }, fc.constantFrom(...CHARSETS)),
      ),
      idempotency: fc.option(value),
      signature: fc.option(
        fc.oneof(
          fc.constant(`t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`),
          fc.constant('sha256=00'),
          value,
        ),
      ),
      origin: fc.option(fc.oneof(fc.constant('https://example.com'), value)),
      ifMatch: fc.option(value),
      extra: fc.option(fc.tuple(fc.constantFrom('x-forwarded-host', 'constructor', '__proto__', 'x-a'), value)),
    })
    .map((h) => {
      const out: [string, string][] = [];
      if (h.authorization !== null) out.push(['Authorization', h.authorization]);
      if (h.type[0] !== '') out.push(['Content-Type', `${h.type[0]}${h.type[1]}`]);
      if (h.idempotency !== null) out.push(['Idempotency-Key', h.idempotency]);
      if (h.signature !== null) out.push(['X-Leadrouter-Signature', h.signature], ['X-Hub-Signature-256', h.signature]);
      if (h.origin !== null) out.push(['Origin', h.origin]);
      if (h.ifMatch !== null) out.push(['If-Match', h.ifMatch]);
      if (h.extra !== null) out.push(h.extra);
      return out;
    });
}

/** One whole request, as bytes, with a line that says what it was. */
export function hostileRequest(t: RequestTargets): fc.Arbitrary<HostileRequest> {
  return fc.tuple(pathFor(t), queryString, headers(t), body).map(([line, query, hs, text]) => {
    const [method, ...rest] = line.split(' ');
    const target = `${rest.join(' ')}${query}`;
    const payload = Buffer.from(text, 'utf8');
    const head = [
      `${method} ${target} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Connection: close',
      ...hs.map(([n, v]) => `${n}: ${v}`),
    ];
    if (method !== 'GET' && method !== 'OPTIONS') head.push(`Content-Length: ${payload.length}`);
    const bytes = Buffer.concat([
      Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'),
      method !== 'GET' && method !== 'OPTIONS' ? payload : Buffer.alloc(0),
    ]);
    return {
      bytes,
      description: `${method} ${target.slice(0, 160)} [${hs.map(([n]) => n).join(',')}] body ${text.slice(0, 160)}`,
    };
  });
}
