// Debian's Chromium driven by playwright-core, with the flags this sandboxed, offline machine
// needs (see the platform notes): no sandbox as root, no background network. Shared by the
// console's browser test and benchmarks/console-load.
import { chromium } from "playwright-core";

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// A page signed in with HTTP Basic credentials, 1400x1000.
export async function signedInPage(browser, user, password) {
  const context = await browser.newContext({
    httpCredentials: { username: user, password }, viewport: { width: 1400, height: 1000 } });
  return context.newPage();
}
