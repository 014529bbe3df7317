import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openapiDocument } from '../../server/src/http/openapi.ts';

/** The document the server serves at /api/openapi.json. */
export const document = openapiDocument();

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

/** What a JSON schema of the document finds wrong with a value ([] when it accepts it); its `$ref`s resolve to the document's components. */
export function schemaErrors(schema: object, value: unknown): ErrorObject[] {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile({ ...schema, components: document.components })));
  return validate(value) ? [] : (validate.errors ?? []);
}

type Content = { schema: object; example?: unknown };
export type Operation = {
  requestBody?: { content: Record<string, Content> };
  responses: Record<string, { $ref?: string; description?: string; content?: Record<string, Content> }>;
};

/** The operation of `method path` (Express form: `/api/classes/:id`). */
export function operationOf(method: string, path: string): Operation {
  const item = document.paths?.[path.replace(/:(\w+)/g, '{$1}')] as Record<string, Operation> | undefined;
  const operation = item?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${path} is not in the document`);
  return operation;
}

/** A response of an operation, with a `$ref` to a shared response component followed. */
export function responseOf(operation: Operation, status: number | string): Operation['responses'][string] | undefined {
  const response = operation.responses[String(status)];
  const ref = response?.$ref?.match(/^#\/components\/responses\/(.+)$/)?.[1];
  return ref ? (document.components?.responses?.[ref] as Operation['responses'][string]) : response;
}

/** What the documented JSON answer of `method path` with `status` finds wrong with a real answer's body. */
export function answerErrors(method: string, path: string, status: number, body: unknown): ErrorObject[] {
  const schema = responseOf(operationOf(method, path), status)?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method} ${path} documents no JSON answer for ${status}`);
  return schemaErrors(schema, body);
}
