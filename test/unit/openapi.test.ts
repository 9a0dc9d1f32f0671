import { describe, expect, it } from 'vitest';
import { DECISION_OUTCOMES, type Lead } from '../../functions/core/leads/lead';
import { LeadSchema } from '../../functions/core/leads/lead-schemas';
import { buildOpenApiDocument } from '../../functions/http/openapi';
import { RESPONSE_SCHEMAS } from '../../functions/http/openapi-components';
import { ERROR_EXAMPLES, RESPONSE_EXAMPLES } from '../../functions/http/openapi-examples';
import { ErrorBodySchema } from '../../functions/http/response-schemas';
import { ROUTES } from '../../functions/http/routes';
import { type OpenApiDocument, openApiValidator } from '../support/openapi-validator';

type Operation = {
  operationId: string;
  security: unknown[];
  parameters: { name: string; in: string }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};
const document = buildOpenApiDocument('https://api.example.com') as {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes every deployed route of the route table, and no local-only one', () => {
    expect(document.openapi).toBe('3.1.0');
    const described = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(described.sort()).toEqual(
      ROUTES.filter((r) => r.fn !== 'local')
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
    for (const route of ROUTES.filter((r) => r.fn !== 'local')) {
      expect(document.paths[route.path]![route.method.toLowerCase()]!.operationId).toBe(route.handler);
    }
  });

  it('asks for the admin key on exactly the admin routes, and says they answer 401 without one', () => {
    for (const route of ROUTES.filter((r) => r.fn !== 'local')) {
      const operation = document.paths[route.path]![route.method.toLowerCase()]!;
      expect(operation.security, `${route.method} ${route.path}`).toEqual(
        route.auth === 'admin' ? [{ adminKey: [] }] : [],
      );
      if (route.auth === 'admin') expect(operation.responses).toHaveProperty('401');
    }
  });

  it('derives bodies from the zod schemas: each source kind, the rules with every operator, and path parameters', () => {
    const sourceCreate = document.components.schemas.SourceCreate as {
      oneOf: { properties: { kind: { const: string } } }[];
    };
    expect(sourceCreate.oneOf.map((s) => s.properties.kind.const)).toEqual([
      'form',
      'json',
      'google_ads',
      'meta_lead_ads',
      'linkedin_lead_gen',
    ]);
    const source = document.components.schemas.Source as { oneOf: { properties: Record<string, unknown> }[] };
    const meta = source.oneOf[3]!.properties;
    expect(meta).toHaveProperty('hasAppSecret');
    expect(meta).not.toHaveProperty('appSecret');
    const rules = JSON.stringify(document.components.schemas.RuleSetInput);
    for (const op of ['eq', 'neq', 'in', 'prefix', 'contains', 'gte', 'lte', 'exists', 'regex', 'businessHours'])
      expect(rules).toContain(`"${op}"`);
    expect(document.paths['/admin/reps/{id}']!.patch!.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path' }),
    );
    expect(document.paths['/admin/reps/{id}']!.patch!.parameters).toContainEqual(
      expect.objectContaining({ name: 'If-Match', in: 'header' }),
    );
    expect(document.paths['/admin/leads']!.get!.parameters.map((p) => p.name)).toEqual([
      'status',
      'poolId',
      'repId',
      'from',
      'to',
      'limit',
      'cursor',
    ]);
  });
});

describe('the answers the OpenAPI document describes', () => {
  const validator = openApiValidator(document as unknown as OpenApiDocument);
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const examples = (document as unknown as OpenApiDocument).components.examples;

  it('are generated from the schemas the code types them with: every decision outcome, the lead timings, the source view', () => {
    const schemas = document.components.schemas as Record<string, any>;
    expect(schemas.Decision.properties.outcome.enum).toEqual([...DECISION_OUTCOMES]);
    expect(schemas.Decision.properties).toHaveProperty('sticky');
    expect(schemas.Lead.properties.decisions.items).toEqual(ref('Decision'));
    expect(schemas.Lead.properties).toHaveProperty('speedToLeadSeconds');
    expect(schemas.Lead.properties).toHaveProperty('responseSeconds');
    expect(schemas.Lead.additionalProperties).toBe(false);
    for (const kind of schemas.Source.oneOf)
      expect(kind.required).toEqual(expect.arrayContaining(['key', 'webhookUrl']));
    expect(schemas.Explanation.properties.steps.items).toEqual(ref('Decision'));
    expect(schemas.Error.properties.error.required).toEqual(['code', 'message', 'details']);
  });

  it('show a lead, rep, pool, source, rule set and explanation example that its zod schema and the JSON Schema both accept', () => {
    const names = ['Lead', 'Rep', 'Pool', 'Source', 'RuleSet', 'Explanation'] as const;
    for (const name of names) {
      const example = examples[name]!.value;
      expect(RESPONSE_SCHEMAS[name].safeParse(example).error, name).toBeUndefined();
      expect(validator.problems(ref(name), example), name).toEqual([]);
    }
    expect(Object.keys(RESPONSE_EXAMPLES).sort()).toEqual([...names].sort());
  });

  it('show an example of each error code it names, in the error body every 4xx has', () => {
    for (const [code, body] of Object.entries(ERROR_EXAMPLES)) {
      expect(body.error.code).toBe(code);
      expect(ErrorBodySchema.safeParse(examples[`Error.${code}`]!.value).error, code).toBeUndefined();
      expect(validator.problems(ref('Error'), examples[`Error.${code}`]!.value), code).toEqual([]);
    }
  });

  it('refer only to examples the document has, each satisfying the schema of the answer that shows it', () => {
    let shown = 0;
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations))
        for (const [status, response] of Object.entries(operation.responses) as [string, any][]) {
          const media = response.content?.['application/json'];
          for (const [name, example] of Object.entries((media?.examples ?? {}) as Record<string, { $ref: string }>)) {
            const target = example.$ref.replace('#/components/examples/', '');
            expect(examples, `${method} ${path} ${status} ${name}`).toHaveProperty([target]);
            expect(validator.problems(media.schema, examples[target]!.value), `${method} ${path} ${status}`).toEqual(
              [],
            );
            shown++;
          }
        }
    expect(shown).toBeGreaterThan(40);
    expect(document.paths['/admin/leads/{id}']!.get!.responses['200']).toMatchObject({
      content: { 'application/json': { examples: { Lead: { $ref: '#/components/examples/Lead' } } } },
    });
  });

  it('refuses a lead whose decision has an outcome the code does not know, or a field it never writes', () => {
    const lead = examples.Lead!.value as Lead;
    const unknownOutcome = { ...lead, decisions: [{ ...lead.decisions[0]!, outcome: 'teleported' }] };
    const extraField = { ...lead, queueRank: '0001' };
    for (const wrong of [unknownOutcome, extraField]) {
      expect(LeadSchema.safeParse(wrong).success).toBe(false);
      expect(validator.problems(ref('Lead'), wrong)).not.toEqual([]);
    }
  });
});
