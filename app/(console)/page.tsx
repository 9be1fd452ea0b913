import "@/components/overview/overview.css";
import { OverviewDashboard } from "@/components/overview/overview-dashboard";
import { readOverview } from "@/lib/console/overview/read-overview";
import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";

/** The console's home (issue #13): what is queued, what went out, each gateway's health; refreshes itself. */
export default async function OverviewPage() {
  await requireAdminPage();
  const overview = await readOverview();
  return (
    <PageLayout title="Overview" description="What is queued, what went out, and how each gateway is doing; refreshes itself.">
      <OverviewDashboard initial={overview} />
    </PageLayout>
  );
}
