import Link from "next/link";
import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { listAuditEntries, listAuditFilterOptions } from "@/lib/console/audit/list-audit-entries";
import { AuditFilterForm } from "./audit-filter-form";
import { AuditTable } from "./audit-table";
import { auditPageHref, readAuditSearch } from "./read-audit-search";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Every admin change, newest first, with filters in the URL and "Older" pages by cursor (issue 14, item 6). */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdminPage();
  const { filter, errors, values } = readAuditSearch(await searchParams);
  const options = await listAuditFilterOptions();
  const layout = (children: React.ReactNode) => (
    <PageLayout title="Audit log" description="Who changed what and when, with the values before and after. Secrets are never recorded.">
      <AuditFilterForm values={values} errors={errors} actors={options.actors} actions={options.actions} />
      {children}
    </PageLayout>
  );
  if (!filter) {
    return layout(
      <div className="form-error" role="alert" data-testid="audit-filter-error">
        Fix the filters marked above.
      </div>,
    );
  }
  const { items, nextCursor } = await listAuditEntries(filter);
  return layout(
    <>
      <AuditTable items={items} />
      <div className="toolbar" style={{ marginTop: "0.75rem" }}>
        {filter.cursor && (
          <Link className="btn" href={auditPageHref(values)} data-testid="audit-newest">
            Newest
          </Link>
        )}
        <span className="spacer" />
        {nextCursor && (
          <Link className="btn" href={auditPageHref(values, nextCursor)} data-testid="audit-older">
            Older
          </Link>
        )}
      </div>
    </>,
  );
}
