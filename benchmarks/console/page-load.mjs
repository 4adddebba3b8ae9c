// Times the console in headless Chromium against a loaded cluster: how long until the page shows
// every node, actor and recent task, then the API calls of 10 refreshes (2 s apart) as the
// browser's resource timing saw them. Saves a screenshot; prints one JSON object.
// usage: node page-load.mjs BASE_URL USER PASSWORD SCREENSHOT NODES ACTORS
import { launchChromium, signedInPage } from "./chromium.mjs";

const [base, user, password, screenshot, nodes, actors] = process.argv.slice(2);
const browser = await launchChromium();
try {
  const page = await signedInPage(browser, user, password);
  const started = Date.now();
  await page.goto(base + "/stingray/");
  await page.waitForFunction(([n, a]) => {
    const count = id => document.querySelectorAll(`#${id} tr`).length - 1;
    return count("nodes") >= n && count("actors") >= a && count("tasks") >= 50;
  }, [Number(nodes), Number(actors)], { timeout: 60000 });
  const firstFullMs = Date.now() - started;
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0];
    return { htmlMs: Math.round(n.responseEnd - n.requestStart), domContentLoadedMs: Math.round(n.domContentLoadedEventEnd) };
  });
  await page.waitForTimeout(20000); // ten more refreshes
  const api = await page.evaluate(() => {
    const by = {};
    for (const e of performance.getEntriesByType("resource")) {
      const m = e.name.match(/api\/v1\/([a-z-]+)/);
      if (m) (by[m[1]] ||= []).push(e.duration);
    }
    const out = {};
    for (const [k, v] of Object.entries(by)) {
      v.sort((a, b) => a - b);
      out[k] = { calls: v.length, medianMs: Math.round(v[v.length >> 1]), maxMs: Math.round(v[v.length - 1]) };
    }
    return out;
  });
  await page.screenshot({ path: screenshot, fullPage: false });
  console.log(JSON.stringify({ firstFullRenderMs: firstFullMs, ...nav, api }, null, 1));
} finally {
  await browser.close();
}
