// The OpenAPI 3.1 description of the API, generated from the route table and the zod schemas
// the code validates requests with and types its answers by, so it cannot drift from what
// the API accepts or returns. Built on first request in the docs function (zod's JSON Schema
// generator stays out of every other bundle).
import {
  componentRef,
  componentSchemas,
  type JsonSchema,
  type RequestComponent,
  type ResponseComponent,
  requestSchema,
} from './openapi-components';
import { DEFAULT_ERROR_EXAMPLES, ERROR_EXAMPLES, type ErrorExample, RESPONSE_EXAMPLES } from './openapi-examples';
import { type DocumentedHandler, OPERATIONS, type OperationDoc, type ResponseDoc } from './openapi-operations';
import { ROUTES } from './routes';

const schemaOf = (schema: ResponseComponent | RequestComponent | JsonSchema) =>
  typeof schema === 'string' ? componentRef(schema) : schema;

const exampleRef = (name: string) => ({ $ref: `#/components/examples/${name}` });
const errorExampleName = (code: ErrorExample) => `Error.${code}`;

/** The named examples a JSON answer shows: its component's, or for errors the codes it may carry. */
function examplesOf(status: string, response: ResponseDoc): Record<string, JsonSchema> | undefined {
  if (response.schema === 'Error') {
    const codes = response.errors ?? [DEFAULT_ERROR_EXAMPLES[Number(status)]].filter((c) => c !== undefined);
    return codes.length ? Object.fromEntries(codes.map((c) => [c, exampleRef(errorExampleName(c))])) : undefined;
  }
  if (typeof response.schema === 'string' && response.schema in RESPONSE_EXAMPLES) {
    return { [response.schema]: exampleRef(response.schema) };
  }
  return undefined;
}

function responseObject(status: string, response: ResponseDoc): JsonSchema {
  const examples = examplesOf(status, response);
  return {
    description: response.description,
    ...(response.headers
      ? { headers: Object.fromEntries(response.headers.map((h) => [h, { schema: { type: 'string' } }])) }
      : {}),
    // An answer may be text for one sender and JSON for another (Meta's and LinkedIn's webhook checks).
    ...(response.schema || response.text
      ? {
          content: {
            ...(response.schema
              ? { 'application/json': { schema: schemaOf(response.schema), ...(examples ? { examples } : {}) } }
              : {}),
            ...(response.text ? { 'text/plain': { schema: { type: 'string' } } } : {}),
          },
        }
      : {}),
  };
}

function operation(route: (typeof ROUTES)[number], doc: OperationDoc): JsonSchema {
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = doc.query ? requestSchema(doc.query) : undefined;
  const queryRequired = (query?.required as string[] | undefined) ?? [];
  const queryParameters = Object.entries((query?.properties ?? {}) as Record<string, JsonSchema>).map(
    ([name, schema]) => ({
      name,
      in: 'query',
      required: queryRequired.includes(name) && !('default' in schema),
      schema,
    }),
  );
  const headerParameters = (doc.headers ?? []).map(({ name, description }) => ({
    name,
    in: 'header',
    required: false,
    description,
    schema: { type: 'string' },
  }));
  const responses = Object.fromEntries(
    Object.entries(doc.responses).map(([status, response]) => [status, responseObject(status, response)]),
  );
  if (route.auth === 'admin')
    responses['401'] ??= responseObject('401', { description: 'No valid admin API key', schema: 'Error' });
  return {
    operationId: route.handler,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [doc.tag],
    ...(route.auth === 'admin' ? { security: [{ adminKey: [] }] } : { security: [] }),
    parameters: [...pathParameters, ...queryParameters, ...headerParameters],
    ...(doc.body || doc.bodies
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              Object.entries(
                doc.bodies ?? Object.fromEntries((doc.bodyTypes ?? ['application/json']).map((t) => [t, doc.body!])),
              ).map(([type, schema]) => [type, { schema: schemaOf(schema) }]),
            ),
          },
        }
      : {}),
    responses,
  };
}

function examples(): Record<string, JsonSchema> {
  return {
    ...RESPONSE_EXAMPLES,
    ...Object.fromEntries(
      Object.entries(ERROR_EXAMPLES).map(([code, value]) => [
        errorExampleName(code as ErrorExample),
        { summary: code, value },
      ]),
    ),
  };
}

/** Builds the OpenAPI 3.1 document of every deployed route. */
export function buildOpenApiDocument(serverUrl?: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of ROUTES) {
    if (route.fn === 'local') continue;
    const doc = OPERATIONS[route.handler as DocumentedHandler];
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, doc);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'leadrouter',
      version: '1',
      description: 'Webhooks for lead sources and the admin API. A readable reference is docs/api.md.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: componentSchemas(),
      examples: examples(),
      securitySchemes: {
        adminKey: { type: 'http', scheme: 'bearer', description: 'An admin API key: Authorization: Bearer lr_…' },
      },
    },
  };
}

let cached: { serverUrl: string; document: JsonSchema } | undefined;

/** The document, built once per server URL (a warm function answers from memory). */
export function openApiDocument(serverUrl: string): JsonSchema {
  if (cached?.serverUrl !== serverUrl) cached = { serverUrl, document: buildOpenApiDocument(serverUrl) };
  return cached.document;
}
