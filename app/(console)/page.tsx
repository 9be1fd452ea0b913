import "@/components/overview/overview.css";
import { OverviewDashboard } from "@/components/overview/overview-dashboard";
import { readOverview } from "@/lib/console/overview/read-overview";
import { requireAdminPage } from "@/lib/http/require-admin-page";

/** The console's home (issue #13): what is queued, what went out, each gateway's health; refreshes itself. */
export default async function OverviewPage() {
  await requireAdminPage();
  const overview = await readOverview();
  return (
    <>
      <h1>Overview</h1>
      <OverviewDashboard initial={overview} />
    </>
  );
}
