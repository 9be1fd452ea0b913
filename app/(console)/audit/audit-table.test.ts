import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { AuditListItem } from "@/lib/console/audit/list-audit-entries";
import { AuditTable } from "./audit-table";

const base: AuditListItem = {
  id: "1",
  at: new Date("2026-12-01T03:04:05Z"),
  actorKind: "admin",
  actorLabel: "ops@example.test",
  action: "gateway.update",
  targetType: "gateway",
  targetId: "g-1",
  targetLabel: "Relay \u202Eevil",
  before: { description: "Old", port: 25, updatedAt: "x" },
  after: { description: "New", port: 587, updatedAt: "y" },
  detail: { secretsChanged: ["authPasswordEnc"] },
};

const render = (items: AuditListItem[]) => renderToStaticMarkup(createElement(AuditTable, { items }));

describe("AuditTable", () => {
  it("shows when, who, action, target and only the changed fields, open for an update", () => {
    const html = render([base]);
    expect(html).toMatch(/datetime="2026-12-01T03:04:05.000Z"/i);
    expect(html).toContain("2026-12-01 03:04:05");
    expect(html).toContain("ops@example.test");
    expect(html).toContain('data-action="gateway.update"');
    expect(html).toContain("Relay ⟨U+202E⟩evil");
    expect(html).toMatch(/<details open="" class="audit-diff"><summary>2 fields<\/summary>/);
    expect(html).toMatch(/data-field="port"><th scope="row">port<\/th><td class="audit-before">25<\/td><td class="audit-after">587<\/td>/);
    expect(html).not.toContain("updatedAt");
    expect(html).toContain("secretsChanged: [&quot;authPasswordEnc&quot;]");
  });

  it("folds a create and labels a non-admin actor; says so when nothing matches", () => {
    const html = render([{ ...base, actorKind: "system", actorLabel: "Outgate", action: "domain.create", before: null, after: { name: "a.example" }, detail: null }]);
    expect(html).toMatch(/<details class="audit-diff"><summary>1 field<\/summary>/);
    expect(html).toMatch(/<span class="badge"[^>]*>system<\/span>/);
    expect(render([])).toContain("No audit entries match.");
  });

  it("keeps the actor's name and kind apart in the Who cell (new-user trial: 'First-run setupsystem')", () => {
    const html = render([{ ...base, actorKind: "system", actorLabel: "First-run setup" }]);
    const who = /<tr data-testid="audit-row"[^>]*><td[^>]*>.*?<\/td><td>(.*?)<\/td>/.exec(html)?.[1] ?? "";
    const text = who.replace(/<[^>]+>/g, "");
    expect(text).toBe("First-run setup system");
    expect(who).toMatch(/First-run setup <span class="badge"/);
  });
});
