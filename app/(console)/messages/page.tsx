import Link from "next/link";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { listMessages, parseMessageStatus } from "@/lib/console/messages/list-messages";
import { MessagesTable } from "./messages-table";
import { StatusFilter } from "./status-filter";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function MessagesPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdminPage();
  const params = await searchParams;
  const status = parseMessageStatus(params.status);
  const before = typeof params.before === "string" ? params.before : undefined;
  const { items, nextBefore } = await listMessages({ status, before });
  const olderHref = nextBefore && `/messages?${new URLSearchParams({ ...(status ? { status: status.toLowerCase() } : {}), before: nextBefore })}`;
  return (
    <>
      <h1>Messages</h1>
      <StatusFilter current={status} />
      <MessagesTable messages={items} now={new Date()} />
      <div className="toolbar" style={{ marginTop: "0.75rem" }}>
        {before && (
          <Link className="btn" href={status ? `/messages?status=${status.toLowerCase()}` : "/messages"}>
            Newest
          </Link>
        )}
        <span className="spacer" />
        {olderHref && (
          <Link className="btn" href={olderHref} data-testid="messages-older">
            Older
          </Link>
        )}
      </div>
    </>
  );
}
