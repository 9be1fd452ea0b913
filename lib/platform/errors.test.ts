import { describe, expect, it } from "vitest";
import { AppError, toAppError } from "./errors";

describe("toAppError: an unreachable database is 'unavailable' (503), not 'internal' (500)", () => {
  const down: [string, unknown][] = [
    ["connection refused", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["server shutting down (57P01)", Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    ["Prisma P1001", Object.assign(new Error("Can't reach database server"), { code: "P1001" })],
    ["pg: broken pooled client", Object.assign(new Error("Client has encountered a connection error and is not queryable"), { clientVersion: "7" })],
    ["pg: connection terminated", new Error("Connection terminated unexpectedly")],
    ["pg: cause chain", new Error("query failed", { cause: new Error("Connection terminated") })],
  ];
  it.each(down)("%s", (_name, error) => {
    expect(toAppError(error)).toMatchObject({ code: "unavailable" });
  });

  it("keeps other errors internal and AppErrors as they are", () => {
    expect(toAppError(new Error("Cannot read properties of undefined"))).toMatchObject({ code: "internal" });
    expect(toAppError(new AppError("not_found", "x"))).toMatchObject({ code: "not_found" });
  });
});
