import type { Page } from "playwright-core";
import { screenshot, type ScreenshotOptions } from "./browser.ts";

const PHONE = { width: 390, height: 844 };

/** The page at its width and at a 390 px phone's ("<name>-phone"), then back to its width. */
export async function screenshotBothWidths(
  page: Page,
  journey: string,
  name: string,
  options: ScreenshotOptions = {},
): Promise<void> {
  const width = page.viewportSize() ?? { width: 1280, height: 800 };
  await screenshot(page, journey, name, options);
  await page.setViewportSize(PHONE);
  await screenshot(page, journey, `${name}-phone`, options);
  await page.setViewportSize(width);
}
