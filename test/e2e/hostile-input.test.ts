import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { googleAdsBody, jsonSignature, metaSignature } from '../support/fixtures';
import { apiClient, eventually, startTestStack } from '../support/local-api';

// Field names and bodies a hostile or careless sender may post, through the real HTTP edge
// and DynamoDB Local: never a 500, never a field lost without a word.

/** A Graph API whose leads answer with field names that are Object.prototype's. */
const prototypeGraph = (async () =>
  new Response(
    JSON.stringify({
      id: '7001',
      field_data: [
        { name: 'email', values: ['meta@example.com'] },
        { name: 'constructor', values: ['c'] },
        { name: 'toString', values: ['t'] },
        { name: '__proto__', values: ['p'] },
      ],
    }),
    { status: 200, headers: { 'content-type': 'application/json' } },
  )) as unknown as typeof fetch;

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let poolId: string;

beforeAll(async () => {
  stack = await startTestStack({ sourceCacheMs: 0, ruleCacheMs: 0, graphFetch: prototypeGraph });
  api = apiClient(stack);
  const rep = (await api.post('/admin/reps', { name: 'Hostile input rep' })).body;
  poolId = (await api.post('/admin/pools', { name: 'Hostile', method: 'round_robin', members: [{ repId: rep.id }] }))
    .body.id;
});

afterAll(() => stack?.stop());

async function aSource(body: Record<string, unknown>) {
  const created = await api.post('/admin/sources', { name: 'Hostile source', poolId, ...body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; key: string };
}

function post(key: string, body: string, type = 'application/json', headers: Record<string, string> = {}) {
  return api.call('POST', `/hooks/${key}`, { raw: body, headers: { 'content-type': type, ...headers }, key: null });
}

async function storedLead(id: string) {
  await stack.settled();
  return (await api.get(`/admin/leads/${id}`)).body;
}

describe('field names that are Object.prototype members', () => {
  it('are ordinary fields in a form JSON post, stored as sent', async () => {
    const form = await aSource({ kind: 'form' });
    const sent = await post(
      form.key,
      JSON.stringify({ email: 'a@x.com', constructor: 'x', toString: 'y', hasOwnProperty: 'z', valueOf: '1' }),
    );
    expect(sent.status).toBe(202);
    expect((await storedLead(sent.body.leadId)).custom).toEqual({
      constructor: 'x',
      toString: 'y',
      hasOwnProperty: 'z',
      valueOf: '1',
    });
  });

  it('are ordinary fields in a form-encoded post, in any case and spacing; toString=x is stored as x', async () => {
    const form = await aSource({ kind: 'form' });
    const sent = await post(
      form.key,
      'email=b%40x.com&Con_structor=y&toString=x&CONSTRUCTOR=w&__defineGetter__=v',
      'application/x-www-form-urlencoded',
    );
    expect(sent.status).toBe(202);
    expect((await storedLead(sent.body.leadId)).custom).toEqual({
      Con_structor: 'y',
      toString: 'x',
      CONSTRUCTOR: 'w',
      __defineGetter__: 'v',
    });
  });

  it('are ordinary fields for a json source, mapped or not', async () => {
    const json = await aSource({ kind: 'json', fieldMapping: { email: 'contact.email', 'custom.constructor': 'ref' } });
    const sent = await post(json.key, JSON.stringify({ contact: { email: 'c@x.com' }, ref: 'r1', toString: 't' }));
    expect(sent.status).toBe(202);
    expect((await storedLead(sent.body.leadId)).custom).toEqual({ constructor: 'r1', toString: 't' });
  });

  it('keep a Google lead whose columns are named after them (Google would retry a refusal forever)', async () => {
    const google = await aSource({ kind: 'google_ads', routeTestLeads: true });
    const body = googleAdsBody({
      google_key: google.key,
      lead_id: 'proto-columns-1',
      user_column_data: [
        { column_id: 'EMAIL', string_value: 'g@x.com' },
        { column_id: 'CONSTRUCTOR', string_value: 'one' },
        { column_id: 'QUESTION_1', column_name: 'Constructor', string_value: 'two' },
        { column_id: 'constructor', string_value: 'three' },
        { column_id: 'QUESTION_2', column_name: '__proto__', string_value: 'four' },
      ],
    });
    const sent = await post(google.key, body);
    expect(sent.status).toBe(200);
    const lead = await storedLead(sent.body.leadId);
    expect(lead.status).toBe('assigned');
    expect(lead.custom).toMatchObject({ CONSTRUCTOR: 'one', Constructor: 'two', constructor: 'three' });
    expect(lead.custom.proto_as_sent).toBe('four');
  });

  it('keep a Meta lead whose answers are named after them', async () => {
    const meta = await aSource({ kind: 'meta_lead_ads', appSecret: 'meta-secret', verifyToken: 'v', accessToken: 'a' });
    const body = JSON.stringify({
      object: 'page',
      entry: [{ id: '1', time: 1, changes: [{ field: 'leadgen', value: { leadgen_id: 7001, form_id: 1 } }] }],
    });
    const sent = await post(meta.key, body, 'application/json', {
      'x-hub-signature-256': metaSignature('meta-secret', body),
    });
    expect(sent.status).toBe(200);
    const lead = await eventually(async () => {
      const found = await storedLead(sent.body.leadIds[0]);
      return found.status === 'assigned' && found;
    });
    expect(lead.fields.email).toBe('meta@example.com');
    expect(lead.custom).toMatchObject({ constructor: 'c', toString: 't', proto_as_sent: 'p' });
  });

  it('refuse __proto__ in a posted body with 400 naming where, rather than dropping it', async () => {
    const form = await aSource({ kind: 'form' });
    const json = await post(form.key, '{"email":"p@x.com","__proto__":{"email":"q@x.com"}}');
    expect(json.status).toBe(400);
    expect(json.body.error).toMatchObject({ code: 'reserved_key', details: [{ path: '__proto__' }] });
    const nested = await post(form.key, '{"email":"p@x.com","extra":{"a":[{"__proto__":1}]}}');
    expect(nested.body.error.details).toEqual([expect.objectContaining({ path: 'extra.a.0.__proto__' })]);
    const encoded = await post(form.key, 'email=p%40x.com&__proto__=x', 'application/x-www-form-urlencoded');
    expect(encoded.status).toBe(400);
    expect(encoded.body.error.details).toEqual([expect.objectContaining({ path: 'custom.__proto__' })]);
  });

  it('explain a lead with such fields, and refuse __proto__ there too', async () => {
    const explained = await api.post('/admin/explain', { poolId, lead: { email: 'e@x.com', constructor: 'x' } });
    expect(explained.status).toBe(200);
    expect(explained.body.lead.custom).toEqual({ constructor: 'x' });
    const refused = await api.call('POST', '/admin/explain', {
      raw: `{"poolId":"${poolId}","lead":{"email":"e@x.com","__proto__":{"a":1}}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('lead.__proto__');
  });

  it('route by a rule on custom.constructor, and explain it', async () => {
    const unpinned = (await api.post('/admin/sources', { name: 'Rule-routed', kind: 'form' })).body;
    const rules = await api.call('PUT', '/admin/rules', {
      body: {
        rules: [{ name: 'Ctor', when: { all: [{ field: 'custom.constructor', op: 'eq', value: 'x' }] }, poolId }],
      },
    });
    expect(rules.status).toBe(200);
    const explained = await api.post('/admin/explain', { sourceId: unpinned.id, lead: { email: 'r@x.com' } });
    expect(explained.status).toBe(200);
    expect(explained.body.route.trace[0]).toMatchObject({ matched: false, failed: { actual: null } });
    const sent = await post(unpinned.key, JSON.stringify({ email: 'r@x.com', constructor: 'x' }));
    const other = await post(unpinned.key, JSON.stringify({ email: 's@x.com', toString: 'x' }));
    expect((await storedLead(sent.body.leadId)).decisions[0]).toMatchObject({ outcome: 'assigned', rule: 'Ctor' });
    expect((await storedLead(other.body.leadId)).status).toBe('unassigned');
    await api.call('PUT', '/admin/rules', { body: { rules: [] } });
  });
});

describe('bodies that once caused a 500 or lost data', () => {
  it('refuse JSON nested deeper than 32 levels with 400, at any depth that fits the size limit', async () => {
    const form = await aSource({ kind: 'form' });
    for (const depth of [33, 3_000, 10_000, 30_000]) {
      const body = `{"email":"d@x.com","deep":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const answer = await post(form.key, body);
      expect(answer.status, `depth ${depth}`).toBe(400);
      expect(answer.body.error.code).toBe('too_deep');
    }
    const admin = await api.call('POST', '/admin/reps', {
      raw: `{"name":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(admin.status).toBe(400);
  });

  it('say so when a score is out of range, and keep an out-of-range custom number as sent', async () => {
    const form = await aSource({ kind: 'form' });
    const score = await post(form.key, '{"email":"n@x.com","score":1e400}');
    expect(score.status).toBe(400);
    expect(score.body.error.details).toEqual([expect.objectContaining({ path: 'score' })]);
    const custom = await post(form.key, '{"email":"n@x.com","budget":1e400,"tiny":-1e999}');
    expect(custom.status).toBe(202);
    expect((await storedLead(custom.body.leadId)).custom).toEqual({ budget: '1e400', tiny: '-1e999' });
  });

  it('store lone surrogates as U+FFFD', async () => {
    const form = await aSource({ kind: 'form' });
    const sent = await post(form.key, '{"email":"s@x.com","name":"Ann \\ud800","note\\udc00":"\\udfff x"}');
    expect(sent.status).toBe(202);
    const lead = await storedLead(sent.body.leadId);
    expect(lead.fields.name).toBe('Ann \ufffd');
    expect(lead.custom).toEqual({ 'note\ufffd': '\ufffd x' });
  });

  it('read a latin1 body as latin1, and refuse a charset nobody can decode with 415', async () => {
    const form = await aSource({ kind: 'form' });
    const encoded = await api.call('POST', `/hooks/${form.key}`, {
      raw: 'email=l%40x.com&name=Jos%E9+Mar%EDa',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=ISO-8859-1' },
      key: null,
    });
    expect((await storedLead(encoded.body.leadId)).fields.name).toBe('José María');
    const json = await fetch(`${stack.url}/hooks/${form.key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=latin1' },
      body: Buffer.from('{"email":"m@x.com","name":"Zo\u00eb"}', 'latin1'),
    });
    const lead = await storedLead(((await json.json()) as { leadId: string }).leadId);
    expect(lead.fields.name).toBe('Zoë');
    expect(lead.raw).toContain('Zoë');
    const unknown = await post(form.key, '{"email":"u@x.com"}', 'application/json; charset=klingon');
    expect(unknown.status).toBe(415);
    const admin = await api.call('POST', '/admin/reps', {
      raw: '{"name":"Latin"}',
      headers: { 'content-type': 'application/json; charset=latin1' },
    });
    expect(admin.status).toBe(415);
  });

  it('answer 400 to a crafted cursor on /admin/leads', async () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const crafted = [
      'not-base64-json',
      cursor({ key: { x: 'y' } }),
      cursor({ key: { id: 'a', waiting: 'unassigned', createdAt: '2026' } }),
      cursor({ key: { id: 'a', waiting: 'received', createdAt: 'z', extra: 'q' } }),
      cursor({ key: { id: '', waiting: 'received', createdAt: 'z' } }),
      cursor({ month: '2026-01', key: { id: 'a', createdMonth: '1999-01', createdAt: 'z' } }),
    ];
    for (const [query, value] of [
      ['status=received', crafted[2]],
      ['status=received', crafted[3]],
      ['status=received', crafted[4]],
      ['', crafted[5]],
      ['status=received', crafted[0]],
      ['status=received', crafted[1]],
    ] as const) {
      const answer = await api.get(`/admin/leads?${query}&cursor=${value}`);
      expect(answer.status, `${query} ${value}`).toBe(400);
      expect(answer.body.error.details).toEqual([expect.objectContaining({ path: 'cursor' })]);
    }
    // A well-formed key of the index read is a cursor like any other: it pages from there.
    const wellFormed = cursor({ key: { id: 'a', poolId, statusCreatedAt: '!' } });
    expect((await api.get(`/admin/leads?poolId=${poolId}&cursor=${wellFormed}`)).body.leads).toEqual([]);
  });
});

describe('a signed json sender', () => {
  it('may still sign a body that uses toString as a key', async () => {
    const json = await aSource({ kind: 'json', signingSecret: 'signing-secret-123456' });
    const body = JSON.stringify({ email: 'j@x.com', toString: 'z' });
    const sent = await post(json.key, body, 'application/json', {
      'x-leadrouter-signature': jsonSignature('signing-secret-123456', body),
    });
    expect(sent.status).toBe(202);
  });
});
