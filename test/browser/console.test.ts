import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { seriousViolations } from '../support/accessibility';
import { hasChromium, launchChromium, screenshot, screenshotsWanted } from '../support/browser';
import { apiClient, eventually, startTestStack } from '../support/local-api';

// One admin's journey through the console against the local stack, at a desktop width and
// at a phone's, in one browser: every screen is checked with axe-core (and screenshot with
// SCREENSHOTS=1), and the main steps are done from the keyboard.
let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium()) throw new Error('Chromium is missing: install Debian’s chromium (see .ci/run)');
  [stack, browser] = await Promise.all([startTestStack({ sweepEveryMs: 0 }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A page whose script errors and Content Security Policy refusals are kept, to assert there were none. */
async function openPage(width: number, height: number): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(message.text());
  });
  return { page, problems };
}

/**
 * Screenshots the screen (with SCREENSHOTS=1) and, unless the same screen was checked at the other width (axe reads
 * the DOM, which the width does not change), fails on any serious or critical accessibility violation.
 */
async function check(page: Page, name: string, options: { axe?: boolean } = {}): Promise<void> {
  await screenshot(page, `console-${name}`);
  if (options.axe !== false) expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
}

/** The heading of the screen, once it is there and has the keyboard focus. */
async function onScreen(page: Page, title: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), { timeout: 2_000 }).toBe(title);
}

/** Follows a navigation link from the keyboard: focus it, press Enter. */
async function goFromKeyboard(page: Page, link: string, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: link }).focus();
  await page.keyboard.press('Enter');
  await onScreen(page, title);
}

describe('the admin console', () => {
  it('walks an admin from sign-in to an explained lead at desktop width, then every screen at phone width', async () => {
    const api = apiClient(stack);
    const { page, problems } = await openPage(1280, 900);

    // Sign in from the keyboard; a wrong key is refused beside the field.
    await page.goto(`${stack.url}/console`);
    await onScreen(page, 'Sign in to leadrouter');
    await check(page, 'sign-in-desktop');
    await page.keyboard.press('Tab');
    await page.keyboard.type('lr_not_a_key');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#sign-in-key-error').textContent()).toContain('not accepted');
    expect(await page.getByLabel('Admin API key').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Admin API key').fill(stack.adminKey);
    await page.keyboard.press('Enter');
    await onScreen(page, 'Overview');
    expect(await page.evaluate(() => [sessionStorage.length, localStorage.length, document.cookie])).toEqual([
      1,
      0,
      '',
    ]);

    // Two reps; a rep without a name is refused beside the name field.
    await goFromKeyboard(page, 'Reps', 'Reps');
    const newRep = page.locator('#new-rep-form');
    await newRep.getByRole('button', { name: 'Add rep' }).click();
    await expect.poll(() => newRep.locator('#new-rep-form-name-error').textContent()).toBeTruthy();
    for (const [name, email] of [
      ['Ana Rivera', 'ana@example.com'],
      ['Ben Okafor', 'ben@example.com'],
    ]) {
      await newRep.getByLabel('Name').fill(name!);
      await newRep.getByLabel('Email').fill(email!);
      await newRep.getByRole('button', { name: 'Add rep' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `${name} added.` })
        .waitFor();
    }
    await check(page, 'reps-desktop');

    // A pool of both; then weights edited in place: Ana gets two leads a cycle.
    await goFromKeyboard(page, 'Pools', 'Pools');
    const newPool = page.locator('#new-pool-form');
    await newPool.getByLabel('Name').fill('Inbound');
    await newPool.getByLabel('Ana Rivera').check();
    await newPool.getByLabel('Ben Okafor').check();
    await newPool.getByRole('button', { name: 'Create pool' }).click();
    await onScreen(page, 'Inbound');
    await page.getByLabel('Method').selectOption('weighted');
    await page.getByLabel('Weight of Ana Rivera').fill('2');
    await page.getByRole('button', { name: 'Save pool' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByRole('button', { name: 'Start the rotation over' }).click();
    await page.getByRole('button', { name: 'Yes, start it over' }).click();
    await page.getByRole('status').filter({ hasText: 'The rotation of Inbound started over' }).waitFor();
    const pool = (await api.get('/admin/pools')).body.pools[0];
    expect(pool).toMatchObject({ name: 'Inbound', method: 'weighted', version: 2 });
    expect(pool.members.map((m: { weight?: number }) => m.weight)).toEqual([2, undefined]);
    await check(page, 'pool-desktop');

    // A web-form source routed by the rules, with its webhook URL and a form to paste.
    await goFromKeyboard(page, 'Sources', 'Sources');
    await page.locator('#new-source-form').getByLabel('Name').fill('Website');
    await page.locator('#new-source-form').getByRole('button', { name: 'Create source' }).click();
    await onScreen(page, 'Website');
    const webhookUrl = await page.getByLabel('Webhook URL of Website').inputValue();
    expect(webhookUrl).toMatch(new RegExp(`^${stack.url}/hooks/[\\w-]{32}$`));
    expect(await page.getByLabel('HTML form snippet').textContent()).toContain(`action="${webhookUrl}"`);
    await check(page, 'source-desktop');

    // A rule: a nameless one is refused at its name's field; then Germany goes to Inbound.
    await goFromKeyboard(page, 'Rules', 'Routing rules');
    await page.getByRole('button', { name: 'Add a rule' }).click();
    await page.locator('#rules-rules-0-name').fill('');
    await page.locator('#rules-rules-0-when-all-0-value').fill('DE');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(() => page.locator('#rules-rules-0-name-error').textContent()).toBeTruthy();
    await page.locator('#rules-rules-0-name').fill('Germany');
    await page.getByLabel('Default pool (no rule matched)').selectOption({ label: 'Inbound' });
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByRole('status').filter({ hasText: 'Rules saved.' }).waitFor();

    // A lead posted to the webhook is assigned; its page says to whom and why.
    const posted = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Grace Hopper', email: 'grace@example.com', country: 'Germany', company: 'Navy' }),
    });
    const { leadId } = (await posted.json()) as { leadId: string };
    await eventually(async () => (await api.get(`/admin/leads/${leadId}`)).body.status === 'assigned');
    await goFromKeyboard(page, 'Leads', 'Leads');
    await page.getByRole('link', { name: 'Grace Hopper' }).click();
    await onScreen(page, 'Grace Hopper');
    const why = page.getByRole('region', { name: 'Why did it go there?' });
    await expect.poll(() => why.textContent()).toContain('Assigned to Ana Rivera in pool Inbound by weighted.');
    expect(await why.textContent()).toContain('Routing rule “Germany” sent it to pool Inbound.');
    await check(page, 'lead-desktop');

    // Reassigned to Ben from the keyboard: the decision names the admin and the previous owner.
    await page.getByLabel('Reassign to').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Reassign to').inputValue()).toMatch(/^rep_/);
    await page.getByRole('button', { name: 'Reassign' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Assigned to Ben Okafor.' }).waitFor();
    await expect.poll(() => why.textContent()).toContain('An admin assigned it to Ben Okafor (from Ana Rivera)');
    expect((await api.get(`/admin/leads/${leadId}`)).body.repId).toBe(pool.members[1].repId);

    // Ana paused from the keyboard.
    await goFromKeyboard(page, 'Reps', 'Reps');
    await page.getByRole('button', { name: 'Pause Ana Rivera' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Ana Rivera is paused.' }).waitFor();
    expect((await api.get(`/admin/reps/${pool.members[0].repId}`)).body.status).toBe('paused');

    // The rule edited to take Austria too, after someone else changed the rules (If-Match: their
    // version is loaded first); a sample lead from Austria is explained: Ben, since Ana is paused.
    await goFromKeyboard(page, 'Rules', 'Routing rules');
    const { version: _version, updatedAt: _at, ...current } = (await api.get('/admin/rules')).body;
    const theirs = (await api.call('PUT', '/admin/rules', { body: current })).body.version;
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone changed this' }).waitFor();
    await page.getByRole('button', { name: 'Load their version' }).click();
    await page.getByText(`Version ${theirs},`).waitFor();
    await page.locator('#rules-rules-0-when-all-0-op').selectOption('in');
    await page.locator('#rules-rules-0-when-all-0-value').fill('DE, AT');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByRole('status').filter({ hasText: 'Rules saved.' }).waitFor();
    expect((await api.get('/admin/rules')).body.rules[0].when.all[0]).toEqual({
      op: 'in',
      field: 'country',
      value: ['DE', 'AT'],
    });
    await page.getByLabel('Route it').selectOption({ label: 'As a lead of source Website' });
    await page.locator('#explain-form').getByLabel('Country').fill('AT');
    await page.getByRole('button', { name: 'Explain' }).click();
    const explanation = page.getByRole('region', { name: 'Explanation' });
    await expect.poll(() => explanation.textContent()).toContain('It would go to Ben Okafor in pool Inbound.');
    expect(await explanation.textContent()).toContain('Rule “Germany” matched');
    expect(await explanation.textContent()).toContain('Skipped: Ana Rivera (paused).');
    // A draft that sends only France by the rule, simulated before saving: Grace would fall to
    // the default pool; nothing is saved.
    await page.locator('#rules-rules-0-when-all-0-value').fill('FR');
    await page.getByRole('button', { name: 'Simulate on the last 30 days' }).click();
    const simulation = page.getByRole('region', { name: 'The draft on the last 30 days' });
    await expect
      .poll(() => simulation.textContent())
      .toContain('1 lead(s) replayed: 0 would move, 1 would fall to the default pool');
    expect(
      await simulation.getByRole('table', { name: 'Leads per pool, now and with the draft' }).textContent(),
    ).toContain('Inbound110');
    expect((await api.get('/admin/rules')).body.rules[0].when.all[0].value).toEqual(['DE', 'AT']);
    await check(page, 'rules-desktop');

    // Ben leaves: his open lead (Grace) goes back through its pool, asked once more first.
    await goFromKeyboard(page, 'Reps', 'Reps');
    await page.getByRole('link', { name: 'Ben Okafor' }).click();
    await onScreen(page, 'Ben Okafor');
    await page.getByRole('button', { name: 'Send their open leads on' }).click();
    await page.getByRole('button', { name: "Yes, send Ben Okafor's open leads on" }).click();
    await page.getByRole('status').filter({ hasText: '1 lead(s) sent back through their pools' }).waitFor();
    await page.getByRole('link', { name: 'History' }).click();
    await onScreen(page, 'Audit log');
    expect(await page.getByLabel('About').inputValue()).toBe(pool.members[1].repId);
    await expect.poll(() => page.getByRole('table').textContent()).toContain('Rep Ben Okafor open leads sent on');
    expect(await page.getByRole('table').textContent()).not.toContain('Rep Ana Rivera');

    // Nobody else can take Grace (Ana is paused): the overview links to her, and an admin gives
    // her to Ana past the pause.
    let waitingStatus = '';
    await eventually(async () => {
      waitingStatus = (await api.get(`/admin/leads/${leadId}`)).body.status;
      return waitingStatus === 'held' || waitingStatus === 'unassigned';
    });
    await goFromKeyboard(page, 'Overview', 'Overview');
    await page
      .getByRole('link', { name: waitingStatus === 'held' ? /Held for an admin 1/ : /Waiting for a rep 1/ })
      .click();
    await onScreen(page, 'Leads');
    await page.getByRole('link', { name: 'Grace Hopper' }).click();
    await onScreen(page, 'Grace Hopper');
    await page.getByLabel('Assign to').selectOption({ label: 'Ana Rivera' });
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Assigned to Ana Rivera.' }).waitFor();
    expect((await api.get(`/admin/leads/${leadId}`)).body).toMatchObject({
      status: 'assigned',
      repId: pool.members[0].repId,
    });

    // A territory table: a bad row is shown by its line in the dry run; the file is uploaded once
    // it checks out, then a country is tested against it and the version downloaded.
    await goFromKeyboard(page, 'Lookup tables', 'Lookup tables');
    await page.getByLabel('Table name').fill('countries');
    await page.getByLabel('Or paste the rows (header first)').fill(`country,poolId\nDE,${pool.id}\nXX,${pool.id}\n`);
    await page.getByRole('button', { name: 'Check the upload' }).click();
    const lineProblems = page.getByRole('list', { name: 'Problems by line' });
    await expect.poll(() => lineProblems.textContent()).toContain('line 3');
    expect((await api.get('/admin/tables')).body.tables).toEqual([]);
    await page.getByLabel('CSV file').setInputFiles({
      name: 'countries.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`country,poolId\nDE,${pool.id}\nAT,${pool.id}\n`),
    });
    await page.getByRole('button', { name: 'Check the upload' }).click();
    await page.getByText('Ready: a new table of 2 row(s).').waitFor();
    await check(page, 'tables-desktop');
    await page.getByRole('button', { name: 'Upload countries' }).click();
    await onScreen(page, 'countries');
    await page.getByLabel("A lead's country").fill('Germany');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'it goes to pool Inbound' }).waitFor();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download version 1 (CSV)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('countries-v1.csv');
    expect(await readFile(await download.path(), 'utf8')).toBe(`country,poolId\r\nAT,${pool.id}\r\nDE,${pool.id}\r\n`);
    await check(page, 'table-desktop');

    // The audit log: who did what, newest first; only the pool's changes when filtered.
    await goFromKeyboard(page, 'Audit log', 'Audit log');
    const log = page.getByRole('table');
    await expect.poll(() => log.textContent()).toContain('Rep Ben Okafor open leads sent on');
    expect(await log.textContent()).toContain('Admin key “');
    await page.getByLabel('About').selectOption('pool');
    await page.getByRole('button', { name: 'Show changes' }).click();
    await expect.poll(() => log.textContent()).not.toContain('Rep Ana Rivera');
    expect(await log.textContent()).toContain('Pool Inbound changed (version 1 → 2)');
    expect(await log.textContent()).toContain('method: “round_robin” → “weighted”');
    await check(page, 'audit-desktop');

    // Stats: the week's volume, each pool's fairness (Ana and Ben against their targets) and the
    // figures by rep; the CSV is fetched with the key and saved as a file.
    await eventually(async () =>
      (await api.get('/admin/stats?groupBy=pool')).body.rows.some(
        (row: { fairness?: { reps: unknown[] } }) => (row.fairness?.reps.length ?? 0) > 0,
      ),
    );
    await goFromKeyboard(page, 'Stats', 'Stats');
    const fairness = page.locator('table.fairness');
    await expect.poll(() => fairness.locator('caption').textContent()).toMatch(/Inbound: Jain index \d\.\d\d/);
    expect(await fairness.getByRole('rowheader').allTextContents()).toEqual(['Ana Rivera', 'Ben Okafor']);
    expect(await page.getByRole('figure').textContent()).toContain('Leads received per day');
    await check(page, 'stats-desktop');
    const statsDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const statsCsv = await statsDownload;
    expect(statsCsv.suggestedFilename()).toMatch(/^stats-rep-\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d\.csv$/);
    expect(await readFile(await statsCsv.path(), 'utf8')).toMatch(/^repId,received,/);

    // A webhook to every event (its secret shown once, not on its own page); its receiver is
    // down, so the outcome recorded next waits there with a Retry.
    await goFromKeyboard(page, 'Webhooks', 'Webhooks');
    const newHook = page.locator('#new-webhook-form');
    await newHook.getByLabel('URL').fill('http://127.0.0.1:9/leads');
    await newHook.getByLabel('Description').fill('CRM sync');
    await newHook.getByRole('button', { name: 'Subscribe' }).click();
    expect(await page.getByLabel('Signing secret').inputValue()).toMatch(/^whsec_/);
    await check(page, 'webhooks-desktop');
    await page.getByRole('link', { name: 'Open the new subscription' }).click();
    await onScreen(page, 'CRM sync');
    expect(await page.getByLabel('Signing secret').count()).toBe(0);
    const hookId = (await api.get('/admin/webhooks')).body.webhooks[0].id;

    // Grace's timeline beside her decisions, and an outcome an admin records.
    await goFromKeyboard(page, 'Leads', 'Leads');
    await page.getByRole('link', { name: 'Grace Hopper' }).click();
    await onScreen(page, 'Grace Hopper');
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect.poll(() => timeline.textContent()).toContain('Received, by its source');
    expect(await timeline.textContent()).toContain('Assigned to Ana Rivera in Inbound, by the router');
    await page.getByLabel('Outcome', { exact: true }).selectOption('won');
    await page.getByLabel('Value (optional)').fill('1200');
    await page.getByRole('button', { name: 'Record outcome' }).click();
    await page.getByRole('status').filter({ hasText: 'Outcome “won” recorded.' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Outcomes' }).textContent()).toContain('won worth 1,200');
    await expect.poll(() => timeline.textContent()).toContain('Outcome “won” for Ana Rivera, by an admin');
    await check(page, 'lead-timeline-desktop');

    // The outcome's delivery failed: its attempts are shown, and it is sent again on request.
    await eventually(async () =>
      (await api.get(`/admin/webhooks/${hookId}/deliveries`)).body.deliveries.some(
        (d: { eventType: string; attempts: unknown[] }) => d.eventType === 'lead.outcome' && d.attempts.length > 0,
      ),
    );
    await goFromKeyboard(page, 'Webhooks', 'Webhooks');
    await page.getByRole('link', { name: 'CRM sync' }).click();
    await onScreen(page, 'CRM sync');
    const deliveries = page.getByRole('table', { name: 'Recent deliveries, newest first' });
    await expect.poll(() => deliveries.textContent()).toContain('no answer');
    await page.getByRole('button', { name: `Retry lead.outcome of ${leadId}` }).click();
    await page.getByRole('status').filter({ hasText: 'lead.outcome is being sent again.' }).waitFor();
    await check(page, 'webhook-desktop');

    // The rest of the screens; then sign out, which forgets the key.
    await goFromKeyboard(page, 'API keys', 'API keys');
    await page.getByLabel('Who or what it is for').fill('CRM sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    expect(await page.getByLabel('New key').inputValue()).toMatch(/^lr_/);
    await check(page, 'keys-desktop');
    await goFromKeyboard(page, 'Leads', 'Leads');
    await check(page, 'leads-desktop');
    await goFromKeyboard(page, 'Overview', 'Overview');
    await expect.poll(() => page.locator('.figure-value').first().textContent()).toBe('1');
    // The subscription whose receiver is down shows among the figures.
    await expect.poll(() => page.getByRole('link', { name: /Webhooks failing/ }).textContent()).toContain('1');
    await check(page, 'overview-desktop');
    // Turned off by hand, it is no longer counted as failing.
    await page.getByRole('link', { name: /Webhooks failing/ }).click();
    await onScreen(page, 'Webhooks');
    await page.getByRole('link', { name: 'CRM sync' }).click();
    await onScreen(page, 'CRM sync');
    await page.getByRole('button', { name: 'Turn off' }).click();
    await page.getByRole('status').filter({ hasText: 'Turned off' }).waitFor();
    expect((await api.get(`/admin/webhooks/${hookId}`)).body.status).toBe('disabled');
    await goFromKeyboard(page, 'Overview', 'Overview');
    await expect.poll(() => page.getByRole('link', { name: /Webhooks failing/ }).textContent()).toContain('0');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await onScreen(page, 'Sign in to leadrouter');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(problems).toEqual([]);
    await page.close();

    // A phone: the screens through the menu (every one with SCREENSHOTS=1), and Ana resumed with a tap.
    const phone = await openPage(390, 844);
    await phone.page.goto(`${stack.url}/console`);
    await phone.page.getByLabel('Admin API key').fill(stack.adminKey);
    await phone.page.getByRole('button', { name: 'Sign in' }).click();
    await onScreen(phone.page, 'Overview');
    await check(phone.page, 'overview-phone');
    // [link, heading, an item to open, whether the desktop walk checked the list and the item already]
    const screens: [string, string, string | undefined, [boolean, boolean]][] = [
      ['Leads', 'Leads', 'Grace Hopper', [true, true]],
      ['Reps', 'Reps', 'Ana Rivera', [true, false]],
      ['Pools', 'Pools', 'Inbound', [false, true]],
      ['Rules', 'Routing rules', undefined, [true, true]],
      ['Sources', 'Sources', 'Website', [false, true]],
      ['Lookup tables', 'Lookup tables', 'countries', [false, true]],
      ['Stats', 'Stats', undefined, [true, true]],
      ['Webhooks', 'Webhooks', 'CRM sync', [true, true]],
      ['API keys', 'API keys', undefined, [true, true]],
      ['Audit log', 'Audit log', undefined, [true, true]],
    ];
    for (const [link, title, item, [listChecked, itemChecked]] of screens) {
      // With no screenshot to take, a screen the desktop walk already checked is not visited again.
      if (!screenshotsWanted() && listChecked && (itemChecked || !item)) continue;
      await phone.page.getByRole('button', { name: 'Menu' }).click();
      await goFromKeyboard(phone.page, link, title);
      await check(phone.page, `${link.toLowerCase().replace(' ', '-')}-phone`, { axe: !listChecked });
      if (!item) continue;
      await phone.page.getByRole('main').getByRole('link', { name: item }).first().click();
      await onScreen(phone.page, item);
      await check(phone.page, `${link.toLowerCase().replace(' ', '-')}-item-phone`, { axe: !itemChecked });
      if (item === 'Ana Rivera') {
        await phone.page.getByLabel('Status').selectOption('active');
        await phone.page.getByRole('button', { name: 'Save rep' }).click();
        await phone.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
        expect((await api.get(`/admin/reps/${pool.members[0].repId}`)).body.status).toBe('active');
      }
    }
    expect(phone.problems).toEqual([]);
  }, 90_000);
});
