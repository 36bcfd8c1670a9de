// Debian's chromium driven by playwright-core, and the few steps every journey shares.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";
const SCREENSHOTS = path.resolve(__dirname, "../screenshots");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** `launch` gives every browser a fresh temporary user-data-dir, removed on close. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Content-Security-Policy refusals seen in any page; support/no-csp-violations.ts fails a journey that caused one. */
export const cspViolations: string[] = [];

/** A separate person: own cookies and localStorage (where the refresh token lives). */
export async function openVisitor(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  // Chromium logs "Refused to ..." for a refusal; the DOM event also covers reports it does not log.
  await context.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`Refused ${event.blockedURI} by the Content Security Policy (${event.effectiveDirective})`),
    ),
  );
  context.on("console", (message) => {
    if (message.text().startsWith("Refused")) cspViolations.push(`${message.location().url}: ${message.text()}`);
  });
  return { context, page: await context.newPage() };
}

export interface ScreenshotOptions {
  /**
   * The whole page by default; false for what the viewport shows, e.g. a modal dialog, whose
   * fixed overlay a full-page capture stretches and moves away from the dialog.
   */
  fullPage?: boolean;
}

export async function screenshot(
  page: Page,
  journey: string,
  name: string,
  { fullPage = true }: ScreenshotOptions = {},
): Promise<void> {
  const folder = path.join(SCREENSHOTS, journey);
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: path.join(folder, `${name}.png`), fullPage });
}

export async function signInThroughForm(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  // Exactly: with the demo data the page also offers "Sign in as …" buttons.
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

export function mainNavigationLabels(page: Page): Promise<string[]> {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link").allInnerTexts();
}

/** The accessible names of a menu's items, in order (the snapshot quotes a line with a colon in it). */
export async function menuItemNames(menu: Locator): Promise<string[]> {
  return [...(await menu.ariaSnapshot()).matchAll(/- '?menuitem "([^"]*)"/g)].map((match) => match[1]!);
}
