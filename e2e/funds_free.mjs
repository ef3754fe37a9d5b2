// Issue 12's done-when 3 and 4 in headless Chromium against `lifeline demo`: the director runs
// the online-training programme apply-free (thirty-odd entitlements, each in full); the demo
// enterprise sees its entitlement explained and confirms its account, which approves the
// payment; the Foreign Trade Division's chief publishes the export-credit-insurance subsidy at
// 80 % for 2020 and the top-ups on the 60 % payments appear, each explained.
// Usage: node e2e/funds_free.mjs BASE_URL OUTDIR PASSWORD
import { join } from 'node:path';
import { args, expect, launch, signIn, text } from './lib.mjs';

const { base, outDir, password } = args('funds_free.mjs');
const browser = await launch();
async function person(lang, email) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'Accept-Language': lang } });
  const page = await ctx.newPage();
  await signIn(page, base, email, password);
  return page;
}
const shot = (page, name) => page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
async function programme(page, name) {
  await page.goto(`${base}/staff/funds`);
  const href = await page.locator('a', { hasText: name }).first().getAttribute('href');
  return href;
}

// Done-when 3: the director runs the online-training charges apply-free.
const director = await person('zh-CN', 'director@demo.lifeline.cn');
const training = await programme(director, '外派人员线上培训费用');
await director.goto(`${base}${training}/free`);
await Promise.all([director.waitForLoadState('load'), director.click('form[action$="/runs"] button')]);
expect(director.url().includes('/staff/fund-runs/'), 'the run has its own page');
const rows = await director.locator('tbody tr').count();
expect(rows >= 30, `the run entitled ${rows} enterprises (at least 30)`);
expect((await text(director)).includes('全额'), 'each covered in full, said in words');
await shot(director, 'run-zh-CN');
const runUrl = director.url();
const directorEn = await person('en', 'director@demo.lifeline.cn');
await directorEn.goto(runUrl);
await shot(directorEn, 'run-en');

// The demo enterprise sees its entitlement explained and confirms its account.
const firm = await person('en', 'enterprise@demo.lifeline.cn');
await firm.goto(`${base}/portal/entitlements`);
await shot(firm, 'portal-entitlements-en');
await Promise.all([firm.waitForLoadState('load'), firm.locator('tbody a').first().click()]);
expect((await text(firm)).includes('How the amount was reached'), 'the entitlement is explained');
await firm.fill('#bank_name', '中国银行大连中山支行');
await firm.fill('#account_name', '大连海湾精密制造有限公司');
await firm.fill('#account_number', '6216 6102 0001 6587 001');
await Promise.all([firm.waitForLoadState('load'), firm.click('form[action$="/confirm"] button:last-of-type')]);
const after = await text(firm);
expect(after.includes('Confirmed') && /Approved, (to be paid|in public notice)/.test(after), 'confirming approved the payment');
await shot(firm, 'portal-entitlement-en');

// Done-when 4: the FT chief publishes 80 % for 2020; the top-ups appear, each explained.
const chief = await person('zh-CN', 'chief.ft@demo.lifeline.cn');
const insurance = await programme(chief, '出口信用保险保费补贴');
await chief.goto(`${base}${insurance}`);
await Promise.all([chief.waitForLoadState('load'), chief.click('form[action$="/rules/2/publish"] button')]);
await chief.goto(`${base}${insurance}/free`);
const tops = await chief.locator('form[action*="/fund-top-ups/"]').count();
expect(tops >= 30, `${tops} top-ups wait for the chief's approval`);
expect((await text(chief)).includes('第 1 版 → 第 2 版'), 'each names the old and the new version');
await shot(chief, 'top-ups-zh-CN');
const chiefEn = await person('en', 'chief.ft@demo.lifeline.cn');
await chiefEn.goto(`${base}${insurance}/free`);
await shot(chiefEn, 'top-ups-en');
await Promise.all([chief.waitForLoadState('load'), chief.locator('form[action*="/fund-top-ups/"] button').first().click()]);
expect((await chief.locator('form[action*="/fund-top-ups/"]').count()) === tops - 1, 'the chief approved one top-up');
await browser.close();
console.log('funds-free journey passed');
