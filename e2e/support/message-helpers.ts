import { expect, type Locator, type Page } from "@playwright/test";

export type MessageStatus = "QUEUED" | "DELIVERED" | "PARTIALLY_DELIVERED" | "FAILED";

/** The Messages grid row of one message (by its Outgate id, not its Message-ID). */
export function messageRow(page: Page, id: string): Locator {
  return page.getByTestId("messages-grid").locator(`tr[data-id="${id}"]`);
}

/**
 * Reloads /messages until the message's row carries `status` (the page is server-rendered, so only a reload
 * shows the worker's progress). `until` may wait for more, such as the row's last error.
 */
export async function waitForMessageRow(
  page: Page,
  id: string,
  status: MessageStatus,
  { timeout = 30_000, until }: { timeout?: number; until?: (row: Locator) => Promise<void> } = {},
): Promise<Locator> {
  const row = messageRow(page, id);
  await expect(async () => {
    await page.goto("/messages");
    await expect(row.getByTestId("status-badge")).toHaveAttribute("data-status", status, { timeout: 500 });
    if (until) await until(row);
  }).toPass({ timeout, intervals: [250, 500, 1000] });
  return row;
}

/** Opens a message's detail page from its row in the grid. */
export async function openMessage(page: Page, row: Locator): Promise<void> {
  await row.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/messages\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("message-summary")).toBeVisible();
}
