/**
 * The searches the search figure times (bench/figures-search.ts), one per promised kind, with the data that
 * seedSearch lays down: i = 1…N; sender user(i % 5000)@d(i % 50).example; subject "<word> #i for customer (i % 100000)";
 * recipient customer<i>@inbox(i % 100).example; Message-ID md5(i)@mail.d(i % 50).example; key (i % 10), except every
 * 10th (i % 10 = 5) came over SMTP with credential (i / 10) % 3 and no key; gateway 1 + i % 4; every 20th queued.
 * Values chosen for N = 1,000,000; smaller N still runs, matching fewer.
 */
export const SEARCH_KINDS: { name: string; label: string; filter: Record<string, string> }[] = [
  { name: "none", label: "no filter (newest page + counts)", filter: {} },
  { name: "sender", label: "sender, whole address (200 matches)", filter: { sender: "user1234@d34.example" } },
  { name: "sender_part_rare", label: "sender contains (200 matches)", filter: { sender: "user1234@" } },
  { name: "sender_part_common", label: "sender contains (2 % match)", filter: { sender: "@d7.example" } },
  { name: "recipient_rare", label: "recipient contains (1 match)", filter: { recipient: "customer777777@" } },
  { name: "recipient_common", label: "recipient contains (1 % match)", filter: { recipient: "inbox42.example" } },
  { name: "subject_rare", label: "subject contains (1 match)", filter: { subject: "#654321 " } },
  { name: "subject_common", label: "subject contains (12.5 % match)", filter: { subject: "password reset" } },
  { name: "message_id_exact", label: "Message-ID exact", filter: { messageId: "c4ca4238a0b923820dcc509a6f75849b@mail.d1.example" } },
  { name: "message_id_prefix", label: "Message-ID prefix", filter: { messageId: "c4ca42", messageIdMatch: "prefix" } },
  { name: "status", label: "status queued", filter: { status: "queued" } },
  { name: "gateway", label: "gateway", filter: { gatewayId: "00000000-0000-4000-8000-000000000002" } },
  { name: "sender_domain", label: "sender domain", filter: { senderDomain: "d7.example" } },
  { name: "api_key", label: "API key", filter: { apiKeyId: "20000000-0000-4000-8000-000000000003" } },
  { name: "via_smtp", label: "via SMTP (10 %)", filter: { submittedVia: "smtp" } },
  { name: "via_api", label: "via the API (90 %)", filter: { submittedVia: "api" } },
  { name: "smtp_credential", label: "SMTP credential (3.3 %)", filter: { smtpCredentialId: "30000000-0000-4000-8000-000000000001" } },
  { name: "date_range", label: "one day, 10 days ago", filter: { from: daysAgo(10), to: daysAgo(9) } },
  { name: "combined", label: "sender domain + status failed + 7 days", filter: { senderDomain: "d7.example", status: "failed", from: daysAgo(7) } },
];

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString();
}
