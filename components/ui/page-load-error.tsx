"use client";

import { useRouter } from "next/navigation";
import { startTransition, useCallback, useEffect, useState } from "react";
import { BrandMark } from "./brand-mark";

/** How often the page asks /api/health again while the database is down (ms). */
const HEALTH_POLL_MS = 3000;

type Verdict = "checking" | "database-down" | "other";

/**
 * What a page that failed to render shows instead of Next's bare "This page couldn't load" (app/error.tsx). In
 * production the browser gets no error message, only a digest, so it asks /api/health: a 503 there means PostgreSQL
 * is not answering — the usual cause — and then the page says so and loads itself again once the database answers.
 * Any other failure shows the digest (the server log's line carries it) and a "Try again" button.
 */
export function PageLoadError({ digest, reset }: { digest?: string; reset: () => void }) {
  const router = useRouter();
  const [verdict, setVerdict] = useState<Verdict>("checking");
  // Render the page again from the server.
  const reload = useCallback(
    () =>
      startTransition(() => {
        router.refresh();
        reset();
      }),
    [reset, router],
  );

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sawOutage = false;
    const check = async () => {
      const status = await fetch("/api/health", { cache: "no-store" }).then((response) => response.status, () => 0);
      if (stopped) return;
      if (status === 503) {
        sawOutage = true;
        setVerdict("database-down");
        timer = setTimeout(check, HEALTH_POLL_MS);
      } else if (status === 200 && sawOutage) {
        reload(); // the database is back
      } else {
        setVerdict("other");
      }
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [reload]);

  return (
    <section className="not-found" data-testid="page-load-error" role="alert">
      <div className="not-found-card">
        <BrandMark size={48} />
        {verdict === "database-down" ? (
          <>
            <h1>Outgate cannot reach its database</h1>
            <p className="hint">
              PostgreSQL is not answering. Mail Outgate has accepted is committed there and stays queued; new mail is refused
              with a temporary error (SMTP 451, HTTP 503), so senders keep it and retry. This page loads again by itself once
              the database answers.
            </p>
          </>
        ) : (
          <>
            <h1>This page could not load</h1>
            <p className="hint">
              {verdict === "checking" ? "Checking whether Outgate's database is answering…" : "Something failed on the server; its log has the details."}
              {digest ? ` Reference: ${digest}.` : ""}
            </p>
          </>
        )}
        <button type="button" className="btn btn-primary" onClick={reload}>
          Try again
        </button>
      </div>
    </section>
  );
}
