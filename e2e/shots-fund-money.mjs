// Screenshots of measure 2's money pages (budgets, payments, batches, one batch, the portal's
// bank account), in zh-CN and en, against a running `lifeline demo`.
// Usage: node e2e/shots-fund-money.mjs BASE_URL OUTDIR PASSWORD
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, signIn as logIn } from './lib.mjs';

const [base, outDir, password] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
for (const lang of ['zh-CN', 'en']) {
  const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'll-shots-')), {
    executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'], viewport: { width: 1280, height: 900 },
    locale: lang, extraHTTPHeaders: { 'Accept-Language': lang },
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  const signIn = (email) => logIn(page, base, email, password);
  const shot = async (path, name) => {
    const r = await page.goto(`${base}${path}`);
    if (!r.ok()) throw new Error(`${path}: ${r.status()}`);
    await page.screenshot({ path: join(outDir, `${name}-${lang}.png`), fullPage: true });
  };
  await signIn('chief.ip3@demo.lifeline.cn');
  await shot('/staff/funds/budgets', 'budgets');
  await shot('/staff/funds/payments', 'payments');
  await shot('/staff/funds/batches', 'batches');
  const href = await page.getAttribute('table tbody tr td a[href^="/staff/funds/batches/"]', 'href');
  await shot(href, 'batch');
  await ctx.clearCookies();
  await signIn('enterprise@demo.lifeline.cn');
  await shot('/portal/bank-account', 'bank-account');
  await ctx.close();
}
console.log('done');
