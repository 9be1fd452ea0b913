import Link from "next/link";

const TABS = [
  { key: "outbound", href: "/gateways", label: "Outbound" },
  { key: "failover", href: "/gateways/failover", label: "Failover" },
  { key: "rules", href: "/gateways/rules", label: "Rules" },
  { key: "explain", href: "/gateways/explain", label: "Route explain" },
] as const;

export type GatewayTab = (typeof TABS)[number]["key"];

/** The Gateways page's tabs; each tab is a link to its own route, the current one marked aria-selected. */
export function GatewayTabs({ active = "outbound" }: { active?: GatewayTab }) {
  return (
    <div className="tabs" role="tablist" aria-label="Gateways">
      {TABS.map((tab) => (
        <Link key={tab.key} href={tab.href} role="tab" aria-selected={tab.key === active} aria-current={tab.key === active ? "page" : undefined}>
          {tab.label}
        </Link>
      ))}
    </div>
  );
}
