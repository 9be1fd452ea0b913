import { z } from "zod";
import { getAcceptedShape } from "../../validation/accepted-shape";

type JsonSchema = Record<string, unknown>;

/** Where components live in an OpenAPI document; a `$ref` to component `name` points here. */
const componentRef = (name: string) => `#/components/schemas/${name}`;

/**
 * Named zod schemas → OpenAPI `components.schemas`, by zod's own JSON Schema output (draft 2020-12, OpenAPI 3.1's
 * dialect). A schema that another one uses becomes a `$ref`; a hand-parsed field (documentAcceptedShape) becomes a
 * `$ref` to its shape, which must then be one of `schemas` — else this throws, naming the field's path.
 * `io`: "input" describes what a client sends (defaults optional), "output" what the server answers.
 */
export function toJsonSchemaComponents(schemas: Record<string, z.ZodType>, io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  const names = new Map<object, string>();
  for (const [name, schema] of Object.entries(schemas)) {
    registry.add(schema, { id: name });
    names.set(schema, name);
  }
  const converted = z.toJSONSchema(registry, {
    io,
    uri: componentRef,
    override: ({ zodSchema, jsonSchema, path }) => {
      const shape = getAcceptedShape(zodSchema);
      if (!shape) return;
      const name = names.get(shape);
      if (!name) throw new Error(`The shape accepted at ${path.join(".")} is not among the components: add it.`);
      for (const key of Object.keys(jsonSchema)) delete (jsonSchema as JsonSchema)[key];
      jsonSchema.$ref = componentRef(name);
    },
  });
  return Object.fromEntries(Object.entries(converted.schemas).map(([name, schema]) => [name, withoutDialect(schema)]));
}

/** One small schema inline (a parameter or header), as a client sends it. */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  return withoutDialect(z.toJSONSchema(schema, { io: "input" }));
}

/** `$schema` and `$id` belong to a standalone document, not to a schema inside an OpenAPI one. */
function withoutDialect(schema: object): JsonSchema {
  const { $schema, $id, ...rest } = schema as JsonSchema;
  void $schema;
  void $id;
  return rest;
}
