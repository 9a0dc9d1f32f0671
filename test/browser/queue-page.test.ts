import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { hasChromium, launchChromium, screenshot } from '../support/browser';
import { apiClient, startTestStack } from '../support/local-api';

let stack: LocalStack;
let browser: Browser;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  if (!hasChromium()) throw new Error('Chromium is missing: install Debian’s chromium (see .ci/run)');
  stack = await startTestStack({ sweepEveryMs: 0 });
  api = apiClient(stack);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function aPullPool(method: 'pull_blind' | 'pull_preview', leads: Record<string, unknown>[]) {
  const ana = (await api.post('/admin/reps', { name: 'Ana Rivera', email: 'ana@team.example' })).body;
  const ben = (await api.post('/admin/reps', { name: 'Ben Okafor', email: 'ben@team.example' })).body;
  const pool = (
    await api.post('/admin/pools', { name: 'Inbound queue', method, members: [{ repId: ana.id }, { repId: ben.id }] })
  ).body;
  const source = (await api.post('/admin/sources', { name: 'Website', kind: 'form', poolId: pool.id })).body;
  const leadIds: string[] = [];
  for (const lead of leads) {
    leadIds.push((await api.call('POST', `/hooks/${source.key}`, { body: lead, key: null })).body.leadId);
    await stack.settled();
  }
  const linkOf = (repId: string) => stack.outbox.list({ repId }).find((m) => m.kind === 'queue')!.link!;
  return { ana, ben, leadIds, linkOf };
}

const phone = () => ({ viewport: { width: 390, height: 844 } }); // a phone
const cardNames = (page: Page) => page.locator('section.lead dd').allTextContents();

describe('the queue page in a real browser', () => {
  it('lets a rep take a lead from the preview list and see it assigned; it leaves the other rep’s list', async () => {
    const { ana, ben, leadIds, linkOf } = await aPullPool('pull_preview', [
      {
        first_name: 'Grace',
        last_name: 'Hopper',
        email: 'grace@example.com',
        city: 'Arlington',
        region: 'VA',
        product: 'Compilers',
        score: 90,
      },
      { first_name: 'Alan', last_name: 'Turing', email: 'alan@example.com', city: 'Manchester', product: 'Bombes' },
    ]);
    const anaPage = await browser.newPage(phone());
    await anaPage.goto(linkOf(ana.id));
    expect(await anaPage.getByRole('heading', { level: 1 }).textContent()).toBe('Inbound queue');
    expect(await cardNames(anaPage)).toEqual(
      expect.arrayContaining(['Grace', 'Arlington, VA', 'Compilers', '90', 'Alan']),
    );
    expect(await anaPage.textContent('body')).not.toContain('grace@example.com');
    await screenshot(anaPage, 'queue-preview');

    // Ben opened his queue too, before Ana took anything.
    const benPage = await browser.newPage(phone());
    await benPage.goto(linkOf(ben.id));
    expect(await cardNames(benPage)).toContain('Grace');

    await anaPage.getByRole('button', { name: 'Take' }).first().click();
    await anaPage.waitForLoadState();
    expect(await anaPage.getByRole('heading', { level: 1 }).textContent()).toBe('It’s yours');
    expect(await anaPage.textContent('body')).toContain('grace@example.com');
    await screenshot(anaPage, 'queue-taken');
    expect((await api.get(`/admin/leads/${leadIds[0]}`)).body).toMatchObject({ status: 'assigned', repId: ana.id });

    // The accept button on the same page posts to the lead's accept link.
    await anaPage.getByRole('button', { name: 'Accept this lead' }).click();
    await anaPage.waitForLoadState();
    expect(await anaPage.getByRole('heading').textContent()).toBe('Accepted');
    expect((await api.get(`/admin/leads/${leadIds[0]}`)).body).toMatchObject({ status: 'accepted', repId: ana.id });

    // Ben's page is stale: his Take on Grace loses, and he is offered the next lead.
    const response = await Promise.all([
      benPage.waitForNavigation(),
      benPage.getByRole('button', { name: 'Take' }).first().click(),
    ]);
    expect(response[0]?.status()).toBe(409);
    expect(await benPage.getByRole('heading', { level: 1 }).textContent()).toBe('Someone was faster');
    expect(await cardNames(benPage)).toContain('Alan');
    await screenshot(benPage, 'queue-someone-was-faster');

    await benPage.getByRole('link', { name: 'Back to the queue' }).click();
    await benPage.waitForLoadState();
    const names = await cardNames(benPage);
    expect(names).toContain('Alan');
    expect(names).not.toContain('Grace');
    await screenshot(benPage, 'queue-after-take');
  });

  it('gives the next lead from a blind queue with one button, and puts it back with another', async () => {
    const { ana, leadIds, linkOf } = await aPullPool('pull_blind', [
      { name: 'Edsger Dijkstra', email: 'ewd@example.com' },
    ]);
    const page = await browser.newPage(phone());
    await page.goto(linkOf(ana.id));
    expect(await page.locator('.count').textContent()).toBe('1');
    expect(await page.textContent('body')).not.toContain('Dijkstra');
    await screenshot(page, 'queue-blind');

    await page.getByRole('button', { name: 'Give me the next lead' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('It’s yours');
    expect(await page.textContent('body')).toContain('ewd@example.com');

    await page.getByRole('button', { name: 'Release back to the queue' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Back in the queue');
    expect((await api.get(`/admin/leads/${leadIds[0]}`)).body.status).toBe('queued');
  });
});
