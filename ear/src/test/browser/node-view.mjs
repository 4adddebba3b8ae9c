// Opens the Stingray console as a signed-in user and clicks the first node's link (its #node-<id>
// view, which names the node in the Actors and Tasks headings). A node name with markup must show
// as text there and run nothing. Prints one JSON line; exits non-zero with a reason on failure.
// usage: node node-view.mjs BASE_URL USER PASSWORD
import { launchChromium, signedInPage } from "./chromium.mjs";

const [base, user, password] = process.argv.slice(2);
const browser = await launchChromium();
try {
  const page = await signedInPage(browser, user, password);
  const problems = [];
  page.on("pageerror", e => problems.push(e.message));
  await page.goto(base + "/stingray/");
  const link = page.locator('#nodes a[href^="#node-"]').first();
  await link.waitFor({ timeout: 30000 });
  const name = (await link.textContent()).trim();
  await link.click();
  const heading = page.locator("#actors h2 span");
  await heading.filter({ hasText: "on node" }).waitFor({ timeout: 30000 });
  const note = await heading.textContent();
  const markup = await heading.locator("img, script, svg").count();
  const ran = await page.evaluate(() => window.__stingrayXss === 1);
  if (markup > 0 || ran) throw new Error("the node name became markup in the node view: " + note);
  if (!note.includes(name)) throw new Error("the node name is not shown as text: " + note);
  if (problems.length) throw new Error("the page threw: " + problems.join("; "));
  console.log(JSON.stringify({ name, heading: note.trim() }));
} finally {
  await browser.close();
}
