import Link from "next/link";
import { notFound } from "next/navigation";
import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { getMessageDetail } from "@/lib/console/messages/get-message-detail";
import { listMoveTargets } from "@/lib/console/queue/list-move-targets";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";
import { MessageDetailView } from "./message-detail-view";
import { QueueActionButtons } from "./queue-action-buttons";
import { takeQueueActionAction } from "./actions";

export default async function MessagePage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id } = await params;
  const [message, gateways] = await Promise.all([getMessageDetail(id), listMoveTargets()]);
  if (!message) notFound();
  return (
    <>
      <div className="toolbar">
        <Link href="/messages">← Messages</Link>
        <span className="spacer" />
        <Link href={`/messages/${message.id}/source`} className="btn btn-small" data-testid="view-source">
          View source
        </Link>
        <a className="btn btn-small" href={`/api/console/messages/${message.id}/eml`} download={`message-${message.id}.eml`}>
          Download .eml
        </a>
      </div>
      <PageLayout title={message.subject ? revealBidiControls(message.subject) : "(no subject)"}>
        <QueueActionButtons key={`${message.status}:${message.updatedAt.getTime()}`} messageId={message.id} status={message.status} gateways={gateways} takeAction={takeQueueActionAction} />
        <MessageDetailView message={message} movedToLabel={gateways.find((gateway) => gateway.id === message.movedToGatewayId)?.description ?? null} />
      </PageLayout>
    </>
  );
}
