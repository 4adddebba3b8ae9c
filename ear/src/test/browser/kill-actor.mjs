// Opens the Stingray console as a signed-in user, finds the actor named argv[5] ALIVE, kills it
// with the page's button (accepting the confirmation), waits until the page shows it DEAD, and
// saves a screenshot. Prints one JSON line with timings; exits non-zero with a reason on failure.
// usage: node kill-actor.mjs BASE_URL USER PASSWORD SCREENSHOT ACTOR_NAME
import { launchChromium, signedInPage } from "./chromium.mjs";

const [base, user, password, screenshot, actor] = process.argv.slice(2);
const browser = await launchChromium();
try {
  const page = await signedInPage(browser, user, password);
  const problems = [];
  page.on("pageerror", e => problems.push(e.message));
  page.on("dialog", d => d.accept());
  const started = Date.now();
  await page.goto(base + "/stingray/");
  const row = page.locator(`#actors tr[data-name="${actor}"]`);
  await row.locator(".pill", { hasText: "ALIVE" }).waitFor({ timeout: 30000 });
  const loadedMs = Date.now() - started;
  const timing = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0];
    return { domContentLoadedMs: Math.round(n.domContentLoadedEventEnd), loadMs: Math.round(n.loadEventEnd) };
  });
  await row.locator("button.kill").click();
  await row.locator(".pill", { hasText: "DEAD" }).waitFor({ timeout: 30000 });
  await page.locator("#audit td", { hasText: "killed" }).first().waitFor({ timeout: 10000 });
  await page.screenshot({ path: screenshot, fullPage: true });
  if (problems.length) throw new Error("the page threw: " + problems.join("; "));
  console.log(JSON.stringify({ actorShownAliveMs: loadedMs, ...timing, killedMs: Date.now() - started }));
} finally {
  await browser.close();
}
