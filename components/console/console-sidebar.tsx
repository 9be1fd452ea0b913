"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState, useSyncExternalStore } from "react";
import { BrandMark } from "@/components/ui/brand-mark";
import { NavLinks, type NavItem } from "./nav-links";

const NEVER_CHANGES = () => () => {};

/**
 * The console's navigation. Wide screens show it as a sidebar; below 768 px it collapses into a top bar whose
 * menu button opens it (CSS decides which shows, so the server HTML is the same for both). The menu closes when
 * the route changes, so a chosen page is not hidden behind it.
 */
export function ConsoleSidebar({ items, footer }: { items: NavItem[]; footer: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  // "true" once React runs in the page: specs wait for it instead of sleeping (the menu button needs it).
  const hydrated = useSyncExternalStore(NEVER_CHANGES, () => true, () => false);
  const pathname = usePathname();
  const [shownFor, setShownFor] = useState(pathname);
  // Closing on navigation during render (not in an effect) avoids one frame of the open menu on the new page.
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const closeOnEscape = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    document.addEventListener("keydown", closeOnEscape);
    return () => document.removeEventListener("keydown", closeOnEscape);
  }, [open]);

  return (
    <aside className="sidebar" data-open={open ? "true" : "false"} data-hydrated={hydrated ? "true" : "false"} data-testid="console-sidebar">
      <div className="sidebar-top">
        <div className="brand">
          <BrandMark /> Outgate
        </div>
        <button
          type="button"
          className="menu-button"
          aria-expanded={open}
          aria-controls="console-menu"
          aria-label={open ? "Close menu" : "Open menu"}
          data-testid="menu-button"
          onClick={() => setOpen((wasOpen) => !wasOpen)}
        >
          <span aria-hidden="true">{open ? "✕" : "☰"}</span>
        </button>
      </div>
      {/* A chosen link closes the menu, the current page's too (the route change alone would miss that one). */}
      <div id="console-menu" className="sidebar-menu" onClick={(event) => (event.target as HTMLElement).closest("a") && setOpen(false)}>
        <NavLinks items={items} />
        <div className="sidebar-footer">{footer}</div>
      </div>
    </aside>
  );
}
