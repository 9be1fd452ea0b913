import Link from "next/link";

type PageLayoutProps = {
  /** The page's h1. */
  title: React.ReactNode;
  /** One line under the title saying what the page is for. */
  description?: React.ReactNode;
  /** The primary action, top right beside the title (usually <NewAction/>); every page puts it in the same place. */
  action?: React.ReactNode;
  /** Tabs or a back link, between the header and the content. */
  tabs?: React.ReactNode;
  children: React.ReactNode;
};

/**
 * The frame of every console page: title, description and the primary action in one header, then the content.
 * A server component; the header wraps under the title at narrow widths instead of overflowing.
 */
export function PageLayout({ title, description, action, tabs, children }: PageLayoutProps) {
  return (
    <>
      <header className="page-header">
        <div className="page-heading">
          <h1>{title}</h1>
          {description && (
            <p className="page-description" data-testid="page-description">
              {description}
            </p>
          )}
        </div>
        {action && <div className="page-actions">{action}</div>}
      </header>
      {tabs}
      {children}
    </>
  );
}

/** The "New" button of a list page: a link to its create form. */
export function NewAction({ href, label = "New" }: { href: string; label?: string }) {
  return (
    <Link href={href} className="btn btn-primary" data-testid="page-new">
      {label}
    </Link>
  );
}
