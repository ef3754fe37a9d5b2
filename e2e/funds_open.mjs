// Issue 12's done-when 1 and 5 in headless Chromium against `lifeline demo`, with measure 2 in
// the open: FT's staff draft a new version of the SME fund's rule through the form (no JSON)
// and see its cost against the budget before the chief publishes it; a refused enterprise sees
// what would make it eligible; the public sees the payments on notice, objects to one, and
// sees how fast the bureau pays. Screenshots in zh-CN and en.
// Usage: node e2e/funds_open.mjs BASE_URL OUTDIR PASSWORD
import { join } from 'node:path';
import { args, expect, launch, signIn as logIn, text } from './lib.mjs';

const { base, outDir, password } = args('funds_open.mjs');
const browser = await launch();
async function person(lang) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'Accept-Language': lang } });
  return ctx.newPage();
}
async function shot(page, name) {
  await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
}
async function submit(page, selector) {
  await Promise.all([page.waitForLoadState('load'), page.click(selector)]);
}
const signIn = (page, email) => logIn(page, base, email, password);

try {
  // Done-when 1: a new version of the SME fund's rule through the form, simulated against the budget.
  const staff = await person('zh-CN');
  await signIn(staff, 'staff.ft@demo.lifeline.cn');
  await staff.goto(`${base}/staff/funds`);
  await submit(staff, 'a:has-text("中小企业国际市场开拓资金")');
  const programmeUrl = staff.url();
  expect(await staff.locator('#f_ratio').count() === 1, 'the draft form asks for a ratio in %, not JSON');
  expect(await staff.locator('textarea[name=rule]').count() === 0, 'no JSON to type');
  await staff.fill('#effective_from', '2020-07-01');
  await staff.fill('#note', '比例提高到 80%，上限 50 万元');
  await staff.fill('#f_ratio', '80');
  await staff.fill('#f_cap', '500,000');
  await shot(staff, 'funds-open-1-form-zh-CN');
  await submit(staff, 'button[name=action][value=save]');
  expect(/\/rules\/\d+\/simulation(#.*)?$/.test(staff.url()), 'saving shows the new version simulated');
  const sim = await text(staff);
  expect(sim.includes('年预算') && /超出预算|预算之内/.test(sim), 'the simulation shows the cost against the budget');
  expect(sim.includes('草稿'), 'the version is a draft until the chief publishes it');
  await shot(staff, 'funds-open-1-simulation-zh-CN');
  // A bad ratio is shown next to its field.
  await staff.goto(programmeUrl);
  await staff.fill('#effective_from', '2020-07-01');
  await staff.fill('#f_ratio', '80.123');
  await submit(staff, 'button[name=action][value=save]');
  expect(await staff.locator('#err-f_ratio').count() === 1, 'a bad ratio is refused next to its field');
  const staffEn = await person('en');
  await signIn(staffEn, 'staff.ft@demo.lifeline.cn');
  await staffEn.goto(programmeUrl.replace(/#.*$/, '') + '?lang=en');
  await staffEn.fill('#effective_from', '2020-07-01');
  await staffEn.fill('#f_cap', '1.234');
  await submit(staffEn, 'button[name=action][value=save]');
  expect(await staffEn.locator('#err-f_cap').count() === 1, 'a cap with three decimals is refused next to its field');
  await shot(staffEn, 'funds-open-1-form-error-en');

  // Done-when 5: a refused enterprise sees what would make it eligible.
  const firm = await person('en');
  await signIn(firm, 'enterprise@demo.lifeline.cn');
  await firm.goto(`${base}/portal/funds`);
  await submit(firm, 'tr:has-text("Export-credit-insurance premium subsidy") a');
  const decision = await text(firm);
  expect(decision.includes('does not qualify yet') && decision.includes('What would make you eligible'), 'a refused enterprise sees what would make it eligible');
  await shot(firm, 'funds-open-5-eligible-en');

  // In the open: payments on notice with an objection, and the payment speed.
  for (const lang of ['zh-CN', 'en']) {
    const pub = await person(lang);
    await pub.goto(`${base}/funds/publicity`);
    await submit(pub, 'tbody a');
    expect(await pub.locator('form[action$="/objections#object"]').count() === 1, `${lang}: the list on notice takes objections`);
    await shot(pub, `funds-open-publicity-${lang}`);
    await pub.goto(`${base}/funds/speed`);
    expect(/\d\.\d/.test(await text(pub)), `${lang}: the speed page shows median days`);
    await shot(pub, `funds-open-speed-${lang}`);
  }
  const pub = await person('en');
  await pub.goto(`${base}/funds/publicity`);
  await submit(pub, 'tbody a');
  await pub.selectOption('#line', '1');
  await pub.fill('#name', 'Chen');
  await pub.fill('#contact', 'chen@example.com');
  await pub.fill('#text', 'This enterprise moved out of the city last year.');
  await pub.waitForTimeout(2100);
  await submit(pub, 'button[type=submit].primary');
  expect((await text(pub)).includes('Your objection was received'), 'an objection is filed and gets a reference');
  const chief = await person('zh-CN');
  await signIn(chief, 'chief.ip3@demo.lifeline.cn');
  const list = await (await chief.request.get(`${base}/api/v1/fund-publicities`)).json();
  await chief.goto(`${base}/staff/funds/${list.items[0].programme_id}/publicity`);
  const review = await text(chief);
  expect(review.includes('chen@example.com') && review.includes('王建国'), 'the chief sees both objections with their contacts');
  await shot(chief, 'funds-open-staff-publicity-zh-CN');
  console.log('funds open journey passed');
} finally {
  await browser.close();
}
