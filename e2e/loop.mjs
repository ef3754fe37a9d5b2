// Issue 13's done-when, steps 1-4, in headless Chromium against `lifeline demo`: a new enterprise
// signs up and is confirmed; it reports a difficulty, the IP3 staff are e-mailed, the case is
// assigned, waits on the enterprise, gets its reply and an IP2 record; an /ask question is
// answered by e-mail and looked up by reference; a district official registers an enterprise
// and opens a case for it. E-mail is read where a new user reads it: the demo's outgoing mail.
// Usage: node e2e/loop.mjs BASE_URL OUTDIR PASSWORD
import { join } from 'node:path';
import { args, expect, launch, signIn as logIn, text } from './lib.mjs';

const { base, outDir, password } = args('loop.mjs');
const browser = await launch();


// One browser context per person, each in its own language.
async function person(lang) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, extraHTTPHeaders: { 'Accept-Language': lang } });
  return ctx.newPage();
}
async function shot(page, name) {
  await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
}
async function submit(page, selector) {
  await Promise.all([page.waitForLoadState('load'), page.click(selector)]);
}
const signIn = (page, email, pw = password) => logIn(page, base, email, pw);
// The demo's outgoing mail, read by its admin: the newest message to `to` whose subject or body
// matches `pattern`, waiting for the job queue to deliver it.
async function mailTo(admin, to, pattern) {
  for (let i = 0; i < 40; i++) {
    await admin.goto(`${base}/staff/outgoing-mail`);
    for (const row of await admin.locator('tbody tr').all()) {
      const t = (await row.textContent()).replace(/\s+/g, ' ');
      if (t.includes(to) && pattern.test(t)) return t;
    }
    await admin.waitForTimeout(500);
  }
  throw new Error(`no e-mail to ${to} matching ${pattern}`);
}

// A unified social credit code with its check digit (GB 32100-2015) after 17 characters.
function withCheckDigit(first17) {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((acc, c, i) => acc + chars.indexOf(c) * weights[i], 0);
  return first17 + chars[(31 - (sum % 31)) % 31];
}

try {
  const admin = await person('en');
  await signIn(admin, 'admin@demo.lifeline.cn');

  // 1. A new enterprise signs up, is confirmed by the code sent to its registered contact, and
  //    sees its designated official and contact.
  const firm = await person('en');
  await firm.goto(`${base}/signup`);
  await firm.fill('#uscc', '91210203H2YH70000U');
  await firm.fill('#contact_name', 'Li Na');
  await firm.fill('#mobile', '139 1234 5678');
  await firm.fill('#email', 'li.na@example.cn');
  await firm.fill('#password', 'harbour lights at dawn');
  await shot(firm, 'loop-1-signup-en');
  await submit(firm, 'button[type=submit].primary');
  expect((await text(firm)).includes('i***@example.cn'), 'the code goes to the contact the registry holds, masked');
  const mail = await mailTo(admin, 'info3@example.cn', /\b\d{6}\b/);
  const code = mail.match(/\b(\d{6})\b/)[1];
  await firm.fill('#code', code);
  await shot(firm, 'loop-1-code-en');
  await submit(firm, 'button[type=submit].primary');
  expect((await text(firm)).includes('Your account is open'), 'the right code opens the account');
  await signIn(firm, 'li.na@example.cn', 'harbour lights at dawn');
  expect(firm.url().endsWith('/portal'), 'the new account signs in to the portal');
  const home = await text(firm);
  expect(home.includes('Your designated official') && /0411-\d{8}/.test(home), 'the portal shows the designated official and the contact with phones');
  await shot(firm, 'loop-1-portal-en');

  // 2. It reports a difficulty; the IP3 staff are told by e-mail.
  await firm.fill('#ds', 'Masks for returning workers');
  await firm.fill('#db', 'We need 5,000 masks before the line restarts.\nWho can supply them?');
  await submit(firm, '#ds ~ button.primary, form[action="/portal/difficulties"] button.primary');
  expect(/\/portal\/cases\//.test(firm.url()), 'the difficulty becomes a case the enterprise can follow');
  const portalCase = firm.url();
  const caseId = portalCase.split('/').pop();
  expect((await text(firm)).includes('Investment Promotion Division III'), 'the enterprise sees which division handles it');
  await shot(firm, 'loop-2-reported-en');
  await mailTo(admin, 'staff.ip3@demo.lifeline.cn', /Masks for returning workers/);
  console.log('ok - the IP3 staff member is e-mailed about the new case');
  await shot(admin, 'loop-2-outgoing-mail-en');

  // The IP3 staff member opens it from the inbox, assigns it to a colleague, and waits on the
  // enterprise.
  const ip3 = await person('zh-CN');
  await signIn(ip3, 'staff.ip3@demo.lifeline.cn');
  await ip3.goto(`${base}/staff/inbox`);
  await shot(ip3, 'loop-2-inbox-zh-CN');
  const entry = ip3.locator('ul.inbox li', { hasText: 'Masks for returning workers' }).first();
  await Promise.all([ip3.waitForLoadState('load'), entry.locator('button').click()]);
  expect(ip3.url().endsWith(`/staff/cases/${caseId}`), 'the inbox entry opens the case');
  const colleague = await ip3.locator('#as option', { hasText: '王晓明' }).getAttribute('value');
  await ip3.selectOption('#as', colleague);
  await submit(ip3, 'form:has(#as) button[type=submit]');
  expect((await text(ip3)).includes('王晓明'), 'the case is assigned to a colleague');
  for (const to of ['in_progress', 'waiting_on_enterprise']) {
    const b = ip3.locator(`button[name=status][value=${to}]`);
    if (await b.count()) await submit(ip3, `button[name=status][value=${to}]`);
  }
  expect((await ip3.locator('button[name=status][value=waiting_on_enterprise]').count()) === 0, 'the case waits on the enterprise');
  await shot(ip3, 'loop-2-case-waiting-zh-CN');

  // The enterprise replies in the portal; the case is back in progress.
  await firm.goto(portalCase);
  await firm.fill('#rc', 'We found 2,000 masks ourselves.\nWe still need 3,000.');
  await submit(firm, 'form[action$="/replies"] button.primary');
  expect((await text(firm)).includes('We still need 3,000'), 'the reply is on the case, its line breaks kept');
  await shot(firm, 'loop-2-replied-en');
  await ip3.goto(`${base}/staff/cases/${caseId}`);
  expect((await ip3.locator('button[name=status][value=waiting_on_enterprise]').count()) === 1, 'the reply put the case back in progress');

  // IP2, beside IP3 on measure 1, adds a record.
  const ip2 = await person('en');
  await signIn(ip2, 'staff.ip2@demo.lifeline.cn');
  await ip2.goto(`${base}/staff/cases/${caseId}`);
  await ip2.fill('#rc', 'IP2: two suppliers in our parks can deliver 3,000 masks this week.');
  await submit(ip2, 'form:has(#rc) button.primary');
  expect((await text(ip2)).includes('two suppliers in our parks'), 'an IP2 staff member adds a record to it');
  await shot(ip2, 'loop-2-joint-record-en');

  // 3. A question asked on /ask with an e-mail address is answered; the answer arrives by e-mail;
  //    the asker looks it up by its reference.
  const asker = await person('en');
  await asker.goto(`${base}/ask`);
  await asker.fill('#question', 'How do we apply for the export credit insurance premium subsidy?');
  await asker.fill('#contact_name', 'Wang Fang');
  await asker.fill('#contact', 'wang.fang@example.com');
  await asker.waitForTimeout(3500);
  await submit(asker, 'form[action="/ask"] button.primary');
  const reference = (await asker.textContent('[role=status] code')).trim();
  expect(reference.length > 0, `the asker gets a reference (${reference})`);
  await shot(asker, 'loop-3-asked-en');
  const ft = await person('en');
  await signIn(ft, 'staff.ft@demo.lifeline.cn');
  await ft.goto(`${base}/staff/cases/${reference}`);
  expect((await text(ft)).includes('Wang Fang'), 'the FT staff member sees who asked');
  await ft.selectOption('#rk', 'reply_to_enterprise');
  await ft.fill('#rc', 'Apply in the portal under Funds: the export-credit-insurance premium subsidy.\nBring your 2020 premium invoices.');
  await submit(ft, 'form:has(#rc) button.primary');
  await shot(ft, 'loop-3-answered-en');
  await mailTo(admin, 'wang.fang@example.com', /Bring your 2020 premium invoices/);
  console.log('ok - the answer reaches the asker by e-mail');
  await asker.goto(`${base}/ask/status`);
  await asker.fill('#reference', reference);
  await asker.fill('#contact', 'wang.fang@example.com');
  await submit(asker, 'form[action="/ask/status"] button.primary');
  const status = await text(asker);
  expect(status.includes('Bring your 2020 premium invoices'), 'the asker reads the answer by reference and contact');
  await shot(asker, 'loop-3-status-en');

  // 4. A district official registers an enterprise of the district and opens a case for it.
  const official = await person('zh-CN');
  await signIn(official, 'official.zhongshan@demo.lifeline.cn');
  await official.goto(`${base}/staff/enterprises`);
  const uscc = withCheckDigit('91210202MA0Q7LX2X');
  await official.click('details:has(#ru) summary');
  await official.fill('#ru', uscc);
  await official.fill('#rn', '大连港湾冷链物流有限公司');
  await official.fill('#rcn', '高红');
  await official.fill('#rcm', '13904110099');
  await submit(official, 'form[action="/staff/enterprises"] button.primary');
  expect(official.url().endsWith(`/staff/enterprises/${uscc}`), 'the official registers an enterprise of the district');
  expect((await text(official)).includes('大连港湾冷链物流有限公司'), 'its file shows its name');
  await shot(official, 'loop-4-registered-zh-CN');
  await official.goto(`${base}/staff/enterprises/${uscc}`);
  await official.fill('#ds', '冷库电费缴纳困难');
  await official.fill('#db', '复工后冷库用电量大，现金流紧张。');
  await submit(official, `form[action="/staff/enterprises/${uscc}/cases"] button.primary`);
  expect(/\/staff\/cases\//.test(official.url()), 'the official opens a case for it');
  expect((await text(official)).includes('冷库电费缴纳困难'), 'the case shows its subject');
  await shot(official, 'loop-4-case-zh-CN');
} finally {
  await browser.close();
}
console.log('loop journey passed');
