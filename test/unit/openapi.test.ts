import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../functions/http/openapi';
import { ROUTES } from '../../functions/http/routes';

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
      'limit',
      'cursor',
    ]);
  });
});
