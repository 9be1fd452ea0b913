"use client";

import { PageLoadError } from "@/components/ui/page-load-error";

/**
 * Any page or layout below the root that throws while rendering (the console's layout too: its session check reads
 * the database) shows this instead of Next's default error page.
 */
export default function RootSegmentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageLoadError digest={error.digest} reset={reset} />;
}
