// Issue 12's done-when 2 in headless Chromium against `lifeline demo`, through the pages: the
// demo enterprise opens its SME-fund application returned for a missing invoice, sees the
// invoice named and resubmits with it; the Foreign Trade Division's staff examines, the
// reviewer verifies (site check), the chief approves; the chief puts the cleared payment into a
// batch and marks it paid with the bank's reference; the enterprise's page then shows it paid
// and explains the amount criterion by criterion. Screenshots of each step in zh-CN and en.
// Usage: node e2e/funds_apply.mjs BASE_URL OUTDIR PASSWORD
import { join } from 'node:path';
import { args, expect, launch, signIn, text } from './lib.mjs';

const { base, outDir, password } = args('funds_apply.mjs');
const browser = await launch();
async function person(lang, email) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'Accept-Language': lang } });
  const page = await ctx.newPage();
  await signIn(page, base, email, password);
  return page;
}
const shot = (page, name) => page.screenshot({ path: join(outDir, `apply-${name}.png`), fullPage: true });
// The same page as `email` reads it in English, for its screenshot.
async function english(email, url, name) {
  const en = await person('en', email);
  await en.goto(url);
  await shot(en, `${name}-en`);
  await en.context().close();
}
async function submitForm(page, action) {
  await Promise.all([page.waitForLoadState('load'), page.click(`form[action*="${action}"] button[type=submit]`)]);
}

// 1. The enterprise opens its returned application and sees the missing invoice named.
const FIRM = 'enterprise@demo.lifeline.cn';
const firm = await person('zh-CN', FIRM);
await firm.goto(`${base}/portal/funds/applications`);
await Promise.all([firm.waitForLoadState('load'), firm.locator('main tbody a').first().click()]);
const appUrl = firm.url();
const id = appUrl.split('/').pop();
let page = await text(firm);
expect(page.includes('发票'), 'the returned application names the missing invoice');
await shot(firm, '1-returned-zh-CN');
await english(FIRM, appUrl, '1-returned');

// 2. It resubmits with the invoice attached.
const file = firm.locator('#correct input[type=file]');
expect((await file.count()) === 1, 'one file to attach: the invoice');
await file.setInputFiles({ name: 'invoice-q3.pdf', mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
await submitForm(firm, '/resubmit');
page = await text(firm);
expect((await firm.locator('#correct').count()) === 0, 'resubmitted: nothing is asked for any more');
expect(page.includes('invoice-q3.pdf'), 'the invoice is on file');
await shot(firm, '2-resubmitted-zh-CN');
await english(FIRM, appUrl, '2-resubmitted');

// 3. Three different people of the Bureau examine, verify and approve it.
const staffUrl = `${base}/staff/funds/applications/${id}`;
const steps = [
  ['staff.ft@demo.lifeline.cn', '/examine', '3-examined'],
  ['reviewer@demo.lifeline.cn', '/verify', '4-verified'],
  ['chief.ft@demo.lifeline.cn', '/approve', '5-approved'],
];
let chief;
for (const [email, action, name] of steps) {
  const p = await person('zh-CN', email);
  await p.goto(staffUrl);
  if (action === '/verify') await p.fill(`form[action$="/verify"] input[name=note]`, '现场核查：展位费发票与合同一致');
  await submitForm(p, action);
  const after = await text(p);
  expect(!after.includes('problem') && (await p.locator(`form[action$="${action}"]`).count()) === 0,
    `${email} took ${action.slice(1)}`);
  await shot(p, `${name}-zh-CN`);
  await english(email, staffUrl, name);
  if (action === '/approve') chief = p; else await p.context().close();
}
page = await text(chief);
expect(/已批准|待拨付|公示/.test(page), `approved: ${page.slice(0, 200)}`);

// 4. The chief puts the cleared payment into a batch and marks it paid.
await chief.goto(`${base}/staff/funds/batches`);
await shot(chief, '6-batches-zh-CN');
await english('chief.ft@demo.lifeline.cn', `${base}/staff/funds/batches`, '6-batches');
const boxes = chief.locator('main input[type=checkbox][name=payment]');
const n = await boxes.count();
let mine = 0;
for (let i = 0; i < n; i++) {
  const row = boxes.nth(i).locator('xpath=ancestor::tr');
  const is = (await row.textContent()).includes('中小企业');
  if (is) mine++;
  await boxes.nth(i).setChecked(is);
}
expect(mine === 1, `the approved SME-fund payment waits for a batch (${n} waiting)`);
await Promise.all([chief.waitForLoadState('load'), chief.click('main form[action="/staff/funds/batches"] button[type=submit]')]);
expect(/\/staff\/funds\/batches\/[^/]+$/.test(chief.url()), 'the batch has its own page');
const batchUrl = chief.url();
await chief.fill('input[name=bank_reference]', 'BOC-DL-20261202-0042');
await submitForm(chief, '/paid');
page = await text(chief);
expect(page.includes('BOC-DL-20261202-0042'), 'the batch is paid with the bank reference');
await shot(chief, '7-paid-zh-CN');
await english('chief.ft@demo.lifeline.cn', batchUrl, '7-paid');

// 5. The enterprise's page shows it paid and explains the amount criterion by criterion.
await firm.goto(appUrl);
page = await text(firm);
expect(page.includes('已拨付'), 'the enterprise sees it paid');
expect((await firm.locator('main table').count()) >= 1, 'the decision is explained criterion by criterion');
await shot(firm, '8-disbursed-zh-CN');
await english(FIRM, appUrl, '8-disbursed');
await browser.close();
console.log('funds-apply journey passed');
