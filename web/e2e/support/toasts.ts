import type { Locator, Page } from "playwright-core";

/** A toast of the notifications region (named "1 notification.", "2 notifications."…), by its sentence. */
export function toast(page: Page, sentence: string): Locator {
  return page.getByRole("region", { name: /notification/ }).getByRole("alertdialog", { name: sentence });
}
