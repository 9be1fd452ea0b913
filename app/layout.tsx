import type { Metadata } from "next";
import "./globals.css";

// Every page gets a per-request CSP nonce from proxy.ts, which Next can only put on scripts it renders per request;
// this includes the not-found page, which would otherwise be prerendered without one.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Outgate", description: "Outbound mail gateway console" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
