import Link from "next/link";
import { notFound } from "next/navigation";
import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { getMessageDetail } from "@/lib/console/messages/get-message-detail";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";
import { MessageDetailView } from "./message-detail-view";

export default async function MessagePage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id } = await params;
  const message = await getMessageDetail(id);
  if (!message) notFound();
  return (
    <>
      <div className="toolbar">
        <Link href="/messages">← Messages</Link>
      </div>
      <PageLayout title={message.subject ? revealBidiControls(message.subject) : "(no subject)"}>
        <MessageDetailView message={message} />
      </PageLayout>
    </>
  );
}
