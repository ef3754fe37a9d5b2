// The platform journey in headless Chromium: open /login in zh-CN and en, sign in, see the
// staff home; then the other audiences' homes. Saves screenshots into OUTDIR.
// Usage: node e2e/journey.mjs BASE_URL OUTDIR PASSWORD
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, outDir, password] = process.argv.slice(2);
if (!base || !outDir || !password) {
  console.error('usage: node journey.mjs BASE_URL OUTDIR PASSWORD');
  process.exit(64);
}
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'll-e2e-')), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 860 },
});

function expect(cond, what) {
  if (!cond) throw new Error(`expected: ${what}`);
  console.log(`ok - ${what}`);
}

async function shot(page, name) {
  await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
}

async function signIn(page, email) {
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit].primary')]);
}

async function signOut(page) {
  await Promise.all([page.waitForURL(/\/login/), page.click('form[action="/logout"] button')]);
}

try {
  const page = browser.pages()[0] || await browser.newPage();

  // 1. The sign-in page in Chinese (from Accept-Language) and in English (via the switch).
  await page.setExtraHTTPHeaders({ 'Accept-Language': 'zh-CN,zh;q=0.9' });
  await page.goto(`${base}/login`);
  expect((await page.getAttribute('html', 'lang')) === 'zh-CN', 'the sign-in page is in zh-CN for a Chinese browser');
  expect((await page.textContent('h1')).includes('登录'), 'the zh-CN heading says 登录');
  await shot(page, 'login-zh-CN');
  await page.click('a[hreflang="en"]');
  await page.waitForLoadState('load');
  expect((await page.textContent('h1')).includes('Sign in to Lifeline'), 'the language switch shows the English page');
  await shot(page, 'login-en');

  // A wrong password is refused with a message, and nothing else happens.
  await page.goto(`${base}/login`);
  await page.fill('#email', 'admin@demo.lifeline.cn');
  await page.fill('#password', 'not the right password');
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit].primary')]);
  expect((await page.textContent('[role=alert]')).includes('wrong'), 'a wrong password shows an error');
  await shot(page, 'login-error-en');

  // 2. Sign in; 3. see the staff home.
  await signIn(page, 'admin@demo.lifeline.cn');
  expect(page.url().endsWith('/staff'), 'signing in leads to the staff home');
  expect((await page.textContent('h1')).includes('Good day'), 'the staff home greets the user');
  expect((await page.locator('nav.side ol.measures li').count()) === 10, 'the staff navigation lists the ten measures');
  await shot(page, 'staff-home-en');
  await page.click('nav.side a[href="/staff/measures/1"]');
  expect((await page.textContent('h1')).includes('Assistance mechanism'), 'measure 1 has its page');
  await shot(page, 'measure-1-en');
  await page.goto(`${base}/staff/users`);
  expect((await page.locator('table tbody tr').count()) >= 10, 'the admin sees the accounts');
  await shot(page, 'users-en');

  // Creating an account without JavaScript: a bad password is explained next to the field.
  await page.fill('#nu-email', 'new.staff@demo.lifeline.cn');
  await page.fill('#nu-name', 'New Staff');
  await page.selectOption('#nu-role', 'division_staff');
  await page.selectOption('#nu-division', 'FT');
  await page.fill('#nu-password', 'password1234');
  await Promise.all([page.waitForLoadState('load'), page.click('form.grid-form button[type=submit]')]);
  expect((await page.textContent('#err-password')).includes('commonly used'), 'a common password is refused at its field');
  await shot(page, 'users-error-en');
  await page.fill('#nu-password', 'harbour lights at dawn');
  await Promise.all([page.waitForLoadState('load'), page.click('form.grid-form button[type=submit]')]);
  expect((await page.textContent('[role=status]')).includes('new.staff@demo.lifeline.cn'), 'the account is created');
  // The Table of Work Distribution, in English and in Chinese; the chart; the directory.
  await page.goto(`${base}/staff/work-distribution`);
  expect((await page.locator('span.tag.lead').count()) >= 10, 'the table marks the leading divisions');
  expect((await page.locator('a[href^="tel:+86411"]').count()) > 0, 'office numbers are tel: links');
  await shot(page, 'work-distribution-en');
  await page.goto(`${base}/staff/work-distribution?lang=zh-CN`);
  expect((await page.textContent('h1')).includes('任务分工表'), 'the table page in Chinese');
  await shot(page, 'work-distribution-zh-CN');
  await page.goto(`${base}/staff/working-group`);
  await shot(page, 'working-group-zh-CN');
  await page.goto(`${base}/staff/directory?q=%E7%8E%8B`);
  await shot(page, 'directory-zh-CN');
  await page.goto(`${base}/staff/measures/1?lang=en`);
  await shot(page, 'measure-1-with-divisions-en');
  // Import: upload the table as printed, see its problems, nothing written.
  await page.goto(`${base}/staff/work-distribution/import`);
  await page.setInputFiles('#file', new URL('../crates/app/fixtures/work-distribution-as-printed.csv', import.meta.url).pathname);
  await Promise.all([page.waitForLoadState('load'), page.click('form[enctype] button[type=submit]')]);
  expect((await page.textContent('main')).includes('a mobile number has 11 digits'), 'the import preview names the bad mobile');
  await shot(page, 'import-preview-en');
  await signOut(page);

  // The auditor, in Chinese, verifies the chain.
  await page.goto(`${base}/login?lang=zh-CN`);
  await signIn(page, 'auditor@demo.lifeline.cn');
  await page.goto(`${base}/staff/audit?verify=1`);
  expect((await page.textContent('[role=status]')).includes('日志链完整'), 'the auditor sees a whole audit chain');
  await shot(page, 'audit-zh-CN');
  await signOut(page);

  // Measure 1: a division officer designates an official, records a visit with a follow-up
  // date, and escalates; the chief decides; the case resolves; the enterprise sees the reply only.
  await page.goto(`${base}/login?lang=en`);
  await signIn(page, 'staff.ip3@demo.lifeline.cn');
  expect((await page.textContent('main')).includes('Follow-ups due today or overdue'), 'the daily board shows the follow-ups');
  await shot(page, 'board-staff-en');
  await page.goto(`${base}/staff/dashboard`);
  expect((await page.locator('svg.chart').count()) === 3, 'the dashboard draws its three charts');
  expect((await page.locator('figure table').count()) === 2, 'and their figures as tables');
  await shot(page, 'dashboard-en');
  await page.goto(`${base}/staff/enterprises?undesignated=1&q=${encodeURIComponent('老虎滩精密')}`);
  await Promise.all([page.waitForLoadState('load'), page.click('table tbody a')]);
  await page.selectOption('#official', { index: 1 });
  await page.selectOption('#contact', { index: 1 });
  await page.fill('#reason', 'first designation');
  await Promise.all([page.waitForLoadState('load'), page.click('form[action$="/liaison"] button[type=submit]')]);
  expect((await page.textContent('main')).includes('first designation'), 'the designation is saved with its history');
  await shot(page, 'enterprise-designated-en');
  await page.goto(`${base}/staff/enterprises`);
  expect((await page.locator('table tbody tr').count()) === 50, 'the registry lists 50 enterprises a page');
  await shot(page, 'enterprises-en');
  await page.goto(`${base}/staff/enterprises/91210200MA0QC1234F`);
  await shot(page, 'enterprise-file-en');
  await Promise.all([page.waitForLoadState('load'), page.click('.case-card h3 a')]);
  const caseUrl = page.url();
  const record = async (kind, text, follow) => {
    await page.selectOption('#rk', kind);
    await page.fill('#rc', text);
    if (follow) await page.fill('#rf', follow);
    await Promise.all([page.waitForLoadState('load'), page.click('form:has(input[name=action][value=record]) button[type=submit]')]);
  };
  await record('visit', 'Visited the plant; the supplier list is ready.', '2020-02-20');
  expect((await page.textContent('main')).includes('2020-02-20'), 'the visit and its follow-up date are in the timeline');
  await record('internal_note', 'Tax arrears last year: check before any subsidy.');
  await record('reply_to_enterprise', 'We have contacted two alternative suppliers for you.');
  await shot(page, 'case-follow-up-en');
  // The follow-up is done: a call that clears the date takes the case off the overdue list.
  await page.selectOption('#rk', 'call');
  await page.fill('#rc', 'The supplier list has arrived; no further visit is needed.');
  await page.check('input[name=clear_follow_up]');
  await Promise.all([page.waitForLoadState('load'), page.click('form:has(input[name=action][value=record]) button[type=submit]')]);
  expect((await page.locator('input[name=clear_follow_up]').count()) === 0, 'the follow-up date is cleared');
  expect((await page.textContent('main')).includes('Follow-up date cleared'), 'the timeline says the follow-up date was cleared');
  await page.fill('#er', 'Affects the whole supply chain of the district');
  await Promise.all([page.waitForLoadState('load'), page.click('form:has(input[name=action][value=escalate]) button[type=submit]')]);
  expect((await page.textContent('h1')).includes('significant'), 'the case is escalated');
  await shot(page, 'case-escalated-en');
  await signOut(page);

  await page.goto(`${base}/login?lang=en`);
  await signIn(page, 'chief.ip3@demo.lifeline.cn');
  expect((await page.textContent('main')).includes('Escalations waiting for a decision'), 'the chief sees the escalations on the board');
  await page.goto(caseUrl);
  await page.fill('#dd', 'Coordinate two alternative suppliers and a logistics green channel');
  await page.fill('#do', '王晓明');
  await page.fill('#du', '2020-02-25');
  await Promise.all([page.waitForLoadState('load'), page.click('form:has(input[name=action][value=decide]) button[type=submit]')]);
  expect((await page.textContent('.notice')).includes('alternative suppliers'), 'the decision is recorded');
  await Promise.all([page.waitForLoadState('load'), page.click('button[name=status][value=in_progress]')]);
  await Promise.all([page.waitForLoadState('load'), page.click('button[name=status][value=resolved]')]);
  expect((await page.textContent('h1')).includes('resolved'), 'the case resolves after the decision');
  await shot(page, 'case-resolved-en');
  await signOut(page);

  await page.goto(`${base}/login?lang=zh-CN`);
  await signIn(page, 'enterprise@demo.lifeline.cn');
  await shot(page, 'portal-home-zh-CN');
  await page.goto(caseUrl.replace('/staff/cases/', '/portal/cases/'));
  const seen = await page.textContent('main');
  expect(seen.includes('alternative suppliers for you') && !seen.includes('Tax arrears'), 'the enterprise sees the reply but not the internal note');
  expect(seen.includes('按工作分工表分派至 投资促进三处'), 'the routing line is in the reader\'s language');
  await shot(page, 'portal-case-zh-CN');
  await signOut(page);

  // The enterprise portal and the public home.
  await signIn(page, 'enterprise@demo.lifeline.cn');
  expect(page.url().endsWith('/portal'), 'an enterprise user lands in the portal');
  await shot(page, 'portal-zh-CN');
  await page.goto(`${base}/staff`);
  expect((await page.textContent('h1')).includes('无权'), 'an enterprise user cannot open the staff home');
  await page.goto(`${base}/portal`);
  await signOut(page);
  await page.goto(`${base}/`);
  await shot(page, 'public-home-zh-CN');

  // Measure 3. Staff log a hotline call; the inquiry shows its SLA clocks.
  await page.goto(`${base}/login?lang=en`);
  await signIn(page, 'staff.ft@demo.lifeline.cn');
  await page.goto(`${base}/staff/consulting`);
  expect((await page.textContent('main')).includes('Hotline log'), 'the consulting desk shows the hotline log');
  await shot(page, 'consulting-desk-en');
  await page.fill('#cn', '陈总');
  await page.fill('#cno', '138 0411 5566');
  await page.fill('#min', '4.5');
  await page.fill('#sum', '询问出口信用保险保费补贴需要哪些申请材料');
  await Promise.all([page.waitForLoadState('load'), page.click('form[action="/staff/consulting/calls"] button[type=submit]')]);
  expect(page.url().includes('/staff/cases/'), 'the logged call opens its inquiry');
  const inquiry = await page.textContent('main');
  expect(inquiry.includes('First response') && inquiry.includes('Met'), 'the inquiry shows its SLA clocks, the call being the first response');
  await shot(page, 'inquiry-case-en');
  await signOut(page);

  // Anyone asks on the public site; prepared answers are suggested while typing.
  await page.goto(`${base}/ask?lang=zh-CN`);
  await page.fill('#question', '口罩出口需要什么许可？');
  await page.waitForSelector('#suggest a', { timeout: 5000 });
  expect((await page.textContent('#suggest')).includes('口罩'), 'typing the question suggests the FAQ entry on masks');
  await page.fill('#contact_name', '王先生');
  await page.fill('#contact', '13900001111');
  await shot(page, 'ask-zh-CN');
  await page.waitForTimeout(2100);
  await Promise.all([page.waitForLoadState('load'), page.click('form[action="/ask"] button[type=submit]')]);
  expect((await page.textContent('main')).includes('受理编号'), 'the question is received with a reference number');
  await shot(page, 'ask-received-zh-CN');

  // The public FAQ: a two-character search, and a language without a translation.
  await page.goto(`${base}/faq/zh-CN?q=${encodeURIComponent('口罩')}`);
  expect((await page.textContent('main')).includes('企业如何申请口罩出口许可'), 'searching 口罩 finds the entry');
  await shot(page, 'faq-search-zh-CN');
  await page.goto(`${base}/faq/ja`);
  const ja = await page.textContent('main');
  expect(ja.includes('マスクの輸出許可') && ja.includes('以 简体中文 显示'), 'the Japanese FAQ shows the translation and marks fallbacks by the name of their language');
  await shot(page, 'faq-ja');
  await page.click('article.faq h2 a');
  await page.waitForLoadState('load');
  await Promise.all([page.waitForLoadState('load'), page.click('button[name=helpful][value=no]')]);
  expect((await page.textContent('main')).includes('Thank you') || (await page.textContent('main')).includes('感谢'), 'the vote is thanked');
  await shot(page, 'faq-entry-voted');

  // Staff revise an entry: a new version, and the diff shows what changed.
  await page.goto(`${base}/login?lang=en`);
  await signIn(page, 'staff.ft@demo.lifeline.cn');
  await page.goto(`${base}/staff/consulting`);
  await Promise.all([page.waitForLoadState('load'), page.click('a[href^="/staff/faq/"]:not([href$="/new"])')]);
  const before = await page.inputValue('#a_zh-CN');
  await page.fill('#a_zh-CN', before + '（2020年2月更新）');
  await page.fill('#note', 'February update');
  await Promise.all([page.waitForLoadState('load'), page.click('form[action^="/staff/faq/"] button.primary')]);
  expect((await page.textContent('main')).includes('v2') && (await page.innerHTML('p.diff')).length > 0, 'a revision is a new version with its diff');
  expect((await page.textContent('p.diff ins, .diff ins')).includes('2020年2月更新'), 'the diff marks the added text');
  await shot(page, 'faq-edit-diff-en');
  await page.goto(`${base}/staff`);
  await shot(page, 'board-staff-ft-en');
  await signOut(page);
  // Issue 13, done when 5: with no language chosen, the portal reads in Japanese for a browser
  // that asks for Japanese and in English for one that asks for German.
  for (const [accept, lang, text] of [['ja-JP,ja;q=0.9', 'ja', 'ご相談の一覧'], ['de-DE,de;q=0.9', 'en', 'My requests']]) {
    await browser.clearCookies();
    await page.setExtraHTTPHeaders({ 'Accept-Language': accept });
    await page.goto(`${base}/login`);
    await signIn(page, 'enterprise@demo.lifeline.cn');
    const main = await page.textContent('main');
    expect((await page.getAttribute('html', 'lang')) === lang && main.includes(text), `the portal reads in ${lang} for a browser asking for ${accept}`);
    await shot(page, `portal-${lang}-for-${accept.slice(0, 2)}-browser`);
    await signOut(page);
  }
  console.log('journey passed');
} catch (e) {
  console.error(`not ok - ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
