import type { NavItem } from "@/components/console/nav-links";

export const NAV_ITEMS: NavItem[] = [
  { href: "/gateways", label: "Gateways" },
  { href: "/domains", label: "Domains" },
  { href: "/admins", label: "Admins" },
];
