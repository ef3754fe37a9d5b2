// Screenshots of the pages issue 13's district/joint work changed, in zh-CN and en.
// Usage: node e2e/shots-district.mjs BASE_URL OUTDIR PASSWORD
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, signIn as logIn } from './lib.mjs';

const [base, outDir, password] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const shots = [];
for (const lang of ['zh-CN', 'en']) {
  const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'll-shots-')), {
    executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'], viewport: { width: 1280, height: 900 },
    locale: lang, extraHTTPHeaders: { 'Accept-Language': lang },
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  const signIn = (email) => logIn(page, base, email, password);
  const shot = async (path, name) => {
    await page.goto(`${base}${path}`);
    await page.screenshot({ path: join(outDir, `${name}-${lang}.png`), fullPage: false });
  };
  // IP2 staff: measure 1's cases (joint), and one case page with the record form only.
  await signIn('staff.ip2@demo.lifeline.cn');
  await shot('/staff/cases?status=open', 'cases-ip2');
  const href = await page.getAttribute('table tbody tr td a', 'href');
  await shot(href, 'case-joint-ip2');
  await ctx.clearCookies();
  // The district official: registry with the register form, an enterprise file with its forms.
  await signIn('official.zhongshan@demo.lifeline.cn');
  await page.goto(`${base}/staff/enterprises`);
  await page.click('details summary');
  await page.screenshot({ path: join(outDir, `registry-official-${lang}.png`) });
  const firm = await page.getAttribute('table tbody tr td a', 'href');
  await page.goto(`${base}${firm}`);
  await page.locator('form[action$="/cases"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(outDir, `enterprise-official-${lang}.png`) });
  await ctx.clearCookies();
  // Reviewer: the menu without Cases.
  await signIn('reviewer@demo.lifeline.cn');
  await shot('/staff/work-distribution', 'menu-reviewer');
  await ctx.close();
}
console.log('done');
