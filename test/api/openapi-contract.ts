import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";

type JsonSchema = Record<string, unknown>;
type MediaTypes = { "application/json"?: { schema: JsonSchema } };
type Parameter = { name: string; in: string; required?: boolean; schema: JsonSchema };
export type DocumentedAnswer = { description: string; content?: MediaTypes; headers?: Record<string, { schema: JsonSchema }> };
export type Operation = { parameters?: Parameter[]; requestBody?: { content: MediaTypes }; responses: Record<string, DocumentedAnswer> };
export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
};

/**
 * Checks JSON values against the schemas of an OpenAPI 3.1 document with a real JSON Schema 2020-12 validator (Ajv,
 * strict: a keyword it does not know is an error, not ignored). Each check returns Ajv's error messages, [] when
 * the value is valid; an operation, parameter or status the document lacks is an error too.
 */
export function createOpenApiContract(document: OpenApiDocument) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  // Each schema is compiled with the document's components beside it, so "#/components/schemas/X" resolves.
  ajv.addKeyword("components");
  const compiled = new Map<JsonSchema, ValidateFunction>();

  function errorsOf(schema: JsonSchema, value: unknown): string[] {
    let validate = compiled.get(schema);
    if (!validate) compiled.set(schema, (validate = ajv.compile({ ...schema, components: document.components })));
    return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message} (${error.schemaPath})`);
  }

  function operation(path: string, method: string): Operation {
    const found = document.paths[path]?.[method];
    if (!found) throw new Error(`The document has no ${method.toUpperCase()} ${path}.`);
    return found;
  }

  return {
    operation,
    /** Checks every component schema compiles (strict): a keyword Ajv does not know fails here. */
    compileErrors(): string[] {
      return Object.entries(document.components.schemas).flatMap(([name, schema]) => {
        try {
          errorsOf(schema, null);
          return [];
        } catch (error) {
          return [`${name}: ${(error as Error).message}`];
        }
      });
    },
    requestErrors(path: string, method: string, body: unknown): string[] {
      const schema = operation(path, method).requestBody?.content["application/json"]?.schema;
      return schema ? errorsOf(schema, body) : [`${method} ${path} documents no JSON request body`];
    },
    parameterErrors(path: string, method: string, name: string, value: unknown): string[] {
      const parameter = operation(path, method).parameters?.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
      return parameter ? errorsOf(parameter.schema, value) : [`${method} ${path} documents no parameter ${name}`];
    },
    answer(path: string, method: string, status: number): DocumentedAnswer | undefined {
      return operation(path, method).responses[String(status)];
    },
    answerErrors(path: string, method: string, status: number, body: unknown): string[] {
      const schema = operation(path, method).responses[String(status)]?.content?.["application/json"]?.schema;
      return schema ? errorsOf(schema, body) : [`${method} ${path} documents no JSON answer for ${status}`];
    },
    headerErrors(answer: DocumentedAnswer, headers: Headers): string[] {
      return Object.entries(answer.headers ?? {}).flatMap(([name, header]) => {
        const value = headers.get(name);
        return value === null ? [`header ${name} is missing`] : errorsOf(header.schema, value).map((error) => `header ${name}: ${error}`);
      });
    },
  };
}

export type OpenApiContract = ReturnType<typeof createOpenApiContract>;
