import { expect, type Locator, type Page } from "@playwright/test";

/** The console's confirmation dialog (components/ui/confirm-dialog.tsx), found by its title. */
export function confirmDialog(page: Page, title: string): Locator {
  return page.getByRole("dialog", { name: title });
}

/** Answers the open confirmation dialog with its confirm button (labelled with the verb, e.g. "Delete"). */
export async function confirmWith(page: Page, title: string, confirmLabel: string): Promise<void> {
  const dialog = confirmDialog(page, title);
  await dialog.getByRole("button", { name: confirmLabel, exact: true }).click();
  await expect(dialog).toBeHidden();
}

/** A sonner toast with this text (success or error), e.g. after a save. */
export function toast(page: Page, text: string | RegExp, type?: "success" | "error"): Locator {
  return page.locator(type ? `[data-sonner-toast][data-type="${type}"]` : "[data-sonner-toast]").filter({ hasText: text });
}
