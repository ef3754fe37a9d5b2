// What the browser journeys and screenshot scripts share: their arguments, the browser, the
// checks they log, and signing in.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

// `node e2e/SCRIPT BASE_URL OUTDIR PASSWORD`: the three, with OUTDIR made.
export function args(script) {
  const [base, outDir, password] = process.argv.slice(2);
  if (!base || !outDir || !password) {
    console.error(`usage: node ${script} BASE_URL OUTDIR PASSWORD`);
    process.exit(64);
  }
  mkdirSync(outDir, { recursive: true });
  return { base, outDir, password };
}

export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

// Headless Chromium without the background traffic.
export function launch() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
}

export function expect(cond, what) {
  if (!cond) throw new Error(`expected: ${what}`);
  console.log(`ok - ${what}`);
}

// The text of `sel` with its white space run together.
export const text = async (page, sel = 'main') => (await page.textContent(sel)).replace(/\s+/g, ' ');

// Signs `page` in at `base` as `email`.
export async function signIn(page, base, email, password) {
  await page.goto(`${base}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit].primary')]);
}
