import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPrismaDatamodel, type DmmfField, type DmmfModel } from "./read-prisma-schema";

/**
 * The migrations are hand-written SQL (the schema engine cannot run here), so this proves the database they
 * produce is exactly what schema.prisma describes: every model, column, type, nullability, default, key,
 * unique constraint, index, relation and enum — and nothing more.
 */
const datamodel = readPrismaDatamodel();
const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
const columnOf = (field: DmmfField) => field.dbName ?? field.name;
const modelByName = new Map(datamodel.models.map((model) => [model.name, model]));

function columnsOf(modelName: string, fieldNames: string[]): string[] {
  const model = modelByName.get(modelName)!;
  return fieldNames.map((name) => columnOf(model.fields.find((field) => field.name === name)!));
}

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Bytes: "bytea",
  Json: "jsonb",
  Float: "double precision",
};

function expectedType(field: DmmfField): string {
  let base: string;
  if (field.kind === "enum") {
    base = datamodel.enums.find((e) => e.name === field.type)?.dbName ?? field.type;
  } else if (field.nativeType) {
    const [name, args] = field.nativeType;
    const native: Record<string, string> = { Uuid: "uuid", Timestamptz: "timestamp with time zone", Text: "text" };
    base = `${native[name] ?? name.toLowerCase()}${args.length ? `(${args.join(",")})` : ""}`;
    if (name === "Timestamptz") base = `timestamp(${args[0] ?? 3}) with time zone`;
  } else {
    base = SCALAR_TYPES[field.type];
  }
  return field.isList ? `${base}[]` : base;
}

/** Prisma fills uuid()/cuid() and @updatedAt in the client, so only these defaults live in the database. */
function expectsDatabaseDefault(field: DmmfField): boolean {
  if (!field.hasDefaultValue) return false;
  const fn = (field.default as { name?: string } | undefined)?.name;
  return fn !== "uuid" && fn !== "cuid" && fn !== "nanoid" && fn !== "ulid";
}

type Column = { table: string; column: string; type: string; nullable: boolean; hasDefault: boolean };

let client: pg.Client;
let columns: Column[];

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           NOT a.attnotnull AS nullable, a.atthasdef AS "hasDefault"
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'`);
  columns = rows;
});

afterAll(async () => {
  await client.end();
});

describe("schema.prisma and the migrations", () => {
  it("have the same tables", () => {
    const tables = [...new Set(columns.map((c) => c.table))].sort();
    expect(tables).toEqual(datamodel.models.map(tableOf).sort());
  });

  for (const model of datamodel.models) {
    it(`agree on every column of ${model.name}`, () => {
      const actual = columns
        .filter((c) => c.table === tableOf(model))
        .map((c) => ({ column: c.column, type: c.type.replaceAll('"', ""), nullable: c.nullable, hasDefault: c.hasDefault }))
        .sort((a, b) => a.column.localeCompare(b.column));
      const expected = model.fields
        .filter((field) => field.kind !== "object")
        .map((field) => ({
          column: columnOf(field),
          type: expectedType(field),
          // Prisma creates list columns without NOT NULL.
          nullable: field.isList || !field.isRequired,
          hasDefault: expectsDatabaseDefault(field),
        }))
        .sort((a, b) => a.column.localeCompare(b.column));
      expect(actual).toEqual(expected);
    });
  }

  it("have the same primary keys, unique constraints and indexes", async () => {
    const { rows } = await client.query(`
      SELECT t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
             array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_index ix
      JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
      GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indisprimary`);
    const describeIndex = (table: string, kind: string, cols: string[]) => `${table} ${kind} (${cols.join(", ")})`;
    const actual = rows.map((row) => describeIndex(row.table, row.primary ? "id" : row.unique ? "unique" : "normal", row.columns)).sort();
    const expected = datamodel.indexes
      .map((index) => describeIndex(tableOf(modelByName.get(index.model)!), index.type, columnsOf(index.model, index.fields.map((f) => f.name))))
      .sort();
    expect(actual).toEqual(expected);
  });

  it("have the same relations with the same delete rules", async () => {
    const { rows } = await client.query(`
      SELECT src.relname AS table, dst.relname AS "references", con.confdeltype AS on_delete,
             (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
             (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_columns
      FROM pg_constraint con JOIN pg_class src ON src.oid = con.conrelid JOIN pg_class dst ON dst.oid = con.confrelid
      WHERE con.contype = 'f'`);
    const deleteRule: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };
    const actual = rows.map((row) => `${row.table}(${row.columns.join(",")}) -> ${row.references}(${row.ref_columns.join(",")}) on delete ${deleteRule[row.on_delete]}`).sort();
    const expected = datamodel.models
      .flatMap((model) =>
        model.fields
          .filter((field) => field.relationFromFields?.length)
          .map((field) => {
            const target = modelByName.get(field.type)!;
            const onDelete = field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull");
            return `${tableOf(model)}(${columnsOf(model.name, field.relationFromFields!).join(",")}) -> ${tableOf(target)}(${columnsOf(target.name, field.relationToFields!).join(",")}) on delete ${onDelete}`;
          }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it("have the same enums and values", async () => {
    const { rows } = await client.query(`
      SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
    const actual = Object.fromEntries(rows.map((row) => [row.name, row.values]));
    const expected = Object.fromEntries(datamodel.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]));
    expect(actual).toEqual(expected);
  });
});
