import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; tests never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots land here (ignored by git), when `SCREENSHOTS=1` asks for them. */
const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');

/** Whether this run takes screenshots (`SCREENSHOTS=1`). */
export function screenshotsWanted(): boolean {
  return Boolean(process.env.SCREENSHOTS);
}

/**
 * A full-page screenshot named `name`, for a person to look at: taken only with
 * `SCREENSHOTS=1` (encoding a page costs Chromium more than the step it shows).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!screenshotsWanted()) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** Headless Chromium with the flags this sandbox needs (no network beyond localhost). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
