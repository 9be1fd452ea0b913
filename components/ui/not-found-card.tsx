import Link from "next/link";
import { BrandMark } from "./brand-mark";

/**
 * The branded "not found" message, shared by the site-wide 404 (app/not-found.tsx) and the console's, which a
 * page's notFound() renders inside the console layout. Next answers both with HTTP 404.
 */
export function NotFoundCard({ what = "page" }: { what?: string }) {
  return (
    <section className="not-found" data-testid="not-found">
      <div className="not-found-card">
        <BrandMark size={48} />
        <p className="not-found-code">404</p>
        <h1>This {what} is not in Outgate</h1>
        <p className="hint">The address may be mistyped, or what it pointed to was deleted.</p>
        <Link href="/" className="btn btn-primary">
          Back to the overview
        </Link>
      </div>
    </section>
  );
}
