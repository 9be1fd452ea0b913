import type { Metadata } from "next";
import { NotFoundCard } from "@/components/ui/not-found-card";

export const metadata: Metadata = { title: "Not found · Outgate" };

/** Any address no route answers: a branded 404 (Next sets the status). */
export default function NotFound() {
  return (
    <main className="auth-page">
      <NotFoundCard />
    </main>
  );
}
