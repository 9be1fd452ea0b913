import type { NavItem } from "@/components/console/nav-links";

export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Overview" },
  { href: "/gateways", label: "Gateways" },
  { href: "/domains", label: "Domains" },
  { href: "/messages", label: "Messages" },
  { href: "/api-keys", label: "API Keys" },
  { href: "/smtp", label: "SMTP" },
  { href: "/admins", label: "Admins" },
  { href: "/audit", label: "Audit" },
];
