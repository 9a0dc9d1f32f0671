import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { hasChromium, launchChromium, screenshot } from '../support/browser';
import { apiClient, eventually, startTestStack } from '../support/local-api';

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium()) throw new Error('Chromium is missing: install Debian’s chromium (see .ci/run)');
  stack = await startTestStack({ sweepEveryMs: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('a shotgun offer in a real browser', () => {
  it('lets the first rep claim from the link in the outbox; the second rep’s link then says it is taken', async () => {
    const api = apiClient(stack);
    const ana = (await api.post('/admin/reps', { name: 'Ana Rivera' })).body;
    const ben = (await api.post('/admin/reps', { name: 'Ben Okafor' })).body;
    const pool = (
      await api.post('/admin/pools', {
        name: 'Hot leads',
        method: 'shotgun',
        members: [{ repId: ana.id }, { repId: ben.id }],
      })
    ).body;
    const source = (await api.post('/admin/sources', { name: 'Website', kind: 'form', poolId: pool.id })).body;
    const { leadId } = (
      await api.call('POST', `/hooks/${source.key}`, {
        body: {
          name: 'Grace Hopper',
          company: 'Navy',
          email: 'grace@example.com',
          product: 'Compilers',
          city: 'Arlington',
        },
        key: null,
      })
    ).body;
    const offers = await eventually(async () => {
      const sent = (await api.get('/dev/outbox', null)).body.messages.filter(
        (m: { leadId: string }) => m.leadId === leadId,
      );
      return sent.length === 2 && sent;
    });
    const linkOf = (repId: string) => offers.find((m: { repId: string }) => m.repId === repId).link as string;

    const page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone
    await page.goto(linkOf(ana.id));
    expect(await page.getByRole('heading').textContent()).toBe('A lead is up for grabs');
    expect(await page.textContent('body')).not.toContain('grace@example.com');
    await screenshot(page, 'offer');

    await page.getByRole('button', { name: 'Claim this lead' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading').textContent()).toBe('It’s yours');
    expect(await page.textContent('body')).toContain('grace@example.com');
    await screenshot(page, 'claimed');

    const other = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const response = await other.goto(linkOf(ben.id));
    expect(response?.status()).toBe(409);
    expect(await other.getByRole('heading').textContent()).toBe('Already claimed');
    await screenshot(other, 'already-claimed');

    expect((await api.get(`/admin/leads/${leadId}`)).body).toMatchObject({ status: 'accepted', repId: ana.id });
  });
});
