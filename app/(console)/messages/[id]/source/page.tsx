import Link from "next/link";
import { notFound } from "next/navigation";
import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { readMessageSourceHead } from "@/lib/console/messages/read-message-source";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";
import { describeSourceCut, decodeSource } from "./decode-source";

/**
 * View source: the message as stored (the octets Outgate sends, headers first), as plain text in a <pre> — React
 * escapes it, so HTML in a message is shown, never rendered. A large message shows its first part with a note; the
 * .eml download has all of it.
 */
export default async function MessageSourcePage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id } = await params;
  const source = await readMessageSourceHead(id);
  if (!source) notFound();
  return (
    <>
      <div className="toolbar">
        <Link href={`/messages/${id}`}>← Message</Link>
      </div>
      <PageLayout
        title="Message source"
        description={source.subject ? revealBidiControls(source.subject) : "(no subject)"}
        action={
          // A plain link: the route checks the session itself and answers with an attachment.
          <a className="btn" href={`/api/console/messages/${id}/eml`} download={`message-${id}.eml`} data-testid="download-eml">
            Download .eml
          </a>
        }
      >
        {source.truncated && (
          <p className="hint" data-testid="source-truncated">
            {describeSourceCut(source.head.length, source.size)}
          </p>
        )}
        <pre className="message-source" data-testid="message-source" data-size={source.size} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {decodeSource(source.head)}
        </pre>
      </PageLayout>
    </>
  );
}
