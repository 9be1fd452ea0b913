import Link from "next/link";
import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { listMessages } from "@/lib/console/messages/list-messages";
import { listFilterOptions } from "@/lib/console/messages/list-filter-options";
import { countMessagesByFilter } from "@/lib/engine/queue/select-messages-by-filter";
import { toMessageFilterSearchParams } from "@/lib/validation/message-filter";
import { FilterBar } from "./filter-bar";
import { MessagesView } from "./messages-view";
import { cancelBulkQueueActionAction, countBulkQueueActionAction, getBulkQueueActionAction, listMoveTargetsAction, startBulkQueueActionAction } from "./bulk-actions";

const BULK_ACTIONS = { countBulkQueueActionAction, startBulkQueueActionAction, getBulkQueueActionAction, cancelBulkQueueActionAction, listMoveTargetsAction };
import { readMessageSearch } from "./read-message-search";
import { toMessageRows } from "./to-message-rows";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function MessagesPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdminPage();
  const { filter, errors, values, cursor, live } = readMessageSearch(await searchParams);
  const options = await listFilterOptions();
  const layout = (children: React.ReactNode) => (
    <PageLayout title="Messages" description="Every message submitted, newest first: search, filter, export, and act on the queue.">
      <FilterBar values={values} errors={errors} gateways={options.gateways} apiKeys={options.apiKeys} smtpCredentials={options.smtpCredentials} />
      {children}
    </PageLayout>
  );
  if (!filter) {
    return layout(
      <div className="form-error" role="alert" data-testid="message-filter-error">
        Fix the search fields marked above.
      </div>,
    );
  }

  const [{ items, nextCursor }, counts] = await Promise.all([listMessages({ filter, cursor }), countMessagesByFilter(filter)]);
  const query = toMessageFilterSearchParams(filter).toString();
  const withCursor = (next: string) => `/messages?${new URLSearchParams([...new URLSearchParams(query), ["cursor", next]])}`;
  return layout(
    <>
      <MessagesView key={`${query}|${cursor ?? ""}`} rows={toMessageRows(items, new Date())} counts={counts} filter={filter} query={query} firstPage={!cursor} live={live} bulkActions={BULK_ACTIONS} />
      <div className="toolbar" style={{ marginTop: "0.75rem" }}>
        {cursor && (
          <Link className="btn" href={query ? `/messages?${query}` : "/messages"} data-testid="messages-newest">
            Newest
          </Link>
        )}
        <span className="spacer" />
        {nextCursor && (
          <Link className="btn" href={withCursor(nextCursor)} data-testid="messages-older">
            Older
          </Link>
        )}
      </div>
    </>,
  );
}
