import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its function is the default export's default under ESM interop.
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

type Json = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, Json> }> }>>;
  components: { schemas: Record<string, Json>; examples: Record<string, { summary?: string; value: unknown }> };
}

const BASE = 'https://leadrouter.test/openapi.json';

/**
 * Checks values against an OpenAPI 3.1 document's schemas with an independent JSON Schema
 * 2020-12 validator (ajv, with its `date-time`, `email` and `uri` formats), not with zod.
 */
export function openApiValidator(document: OpenApiDocument) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv);
  // Component references point into the document; here they point into one schema holding them all.
  const local = (schema: unknown): Json =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${BASE}#/$defs/`));
  ajv.addSchema({ $id: BASE, $defs: local(document.components.schemas) });

  /** Why `value` does not satisfy `schema` (a component `$ref` or inline), one line a problem; none when it does. */
  function problems(schema: Json, value: unknown): string[] {
    const validate = ajv.compile(local(schema));
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }

  /**
   * Why an answer does not match what the document says the route answers with that status:
   * an undocumented status, or a JSON body its schema refuses. None when it matches.
   */
  function answerProblems(method: string, path: string, status: number, body: unknown): string[] {
    const operation = document.paths[path]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${path} is not documented`];
    const response = operation.responses[String(status)];
    if (!response) return [`${method} ${path} does not document status ${status}`];
    const schema = response.content?.['application/json']?.schema as Json | undefined;
    return schema ? problems(schema, body).map((p) => `${method} ${path} ${status}: ${p}`) : [];
  }

  return { problems, answerProblems };
}
