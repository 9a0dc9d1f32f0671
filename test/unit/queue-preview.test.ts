import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Lead } from '../../functions/core/leads/lead';
import { LinkSigner } from '../../functions/core/links/link-tokens';
import type { QueuedLeadPreview, QueuedLeads } from '../../functions/core/pull-queues/ports';
import { type QueueView, type RepQueueDeps, viewQueue } from '../../functions/core/pull-queues/queue-view';
import { takeLead } from '../../functions/core/pull-queues/take-from-queue';
import { escapeHtml } from '../../functions/http/html';
import { queueJson, queuePage } from '../../functions/http/pages/queue-page';
import { aPool, aRep, fixedClock } from '../support/builders';
import { aSource } from '../support/memory-stores';

const T0 = '2026-11-23T10:00:00.000Z';
const signer = new LinkSigner('p'.repeat(40));
const clock = fixedClock(T0);
const token = signer.sign({
  purpose: 'queue',
  poolId: 'pool_1',
  repId: 'rep_a',
  expiresAt: Date.parse(T0) / 1000 + 3600,
});

/** Unique, unmistakable text: if it shows up anywhere, it leaked. */
const marker = fc.uuid().map((u) => u.replace(/-/g, ''));
const optionalText = fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: undefined });

const aQueuedLead = fc
  .record({
    firstName: fc.string({ minLength: 1, maxLength: 30 }),
    last: marker,
    mail: marker,
    note: marker,
    secret: marker,
    digits: fc.stringMatching(/^[2-9][0-9]{9}$/),
    city: optionalText,
    region: optionalText,
    product: optionalText,
    score: fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: undefined }),
    minutesAgo: fc.integer({ min: 0, max: 10_000 }),
  })
  .map((g): Lead => {
    const createdAt = new Date(Date.parse(T0) - g.minutesAgo * 60_000).toISOString();
    const lastName = `Last${g.last}`;
    return {
      id: `L${g.mail.slice(0, 12)}`,
      sourceId: 'src_1',
      status: 'queued',
      poolId: 'pool_1',
      createdAt,
      updatedAt: createdAt,
      fields: {
        name: `${g.firstName} ${lastName}`,
        firstName: g.firstName,
        lastName,
        email: `m${g.mail}@leak.example`,
        phone: `+1${g.digits}`,
        message: `Call me about ${g.note}`,
        company: `Co${g.secret}`,
        postalCode: g.secret.slice(0, 8).toUpperCase(),
        ...(g.city !== undefined ? { city: g.city } : {}),
        ...(g.region !== undefined ? { region: g.region } : {}),
        ...(g.product !== undefined ? { product: g.product } : {}),
        ...(g.score !== undefined ? { score: g.score } : {}),
      },
      custom: { notes: `custom ${g.secret}` },
      raw: JSON.stringify({ email: `m${g.mail}@leak.example`, comments: g.note }),
      decisions: [],
    };
  });

/** Everything about a lead a preview must never show. */
function secretsOf(lead: Lead): string[] {
  const f = lead.fields;
  return [f.email!, f.phone!, f.phone!.slice(2), f.lastName!, f.message!, lead.custom.notes!, f.company!];
}

/**
 * A queue over these leads whose store hands back whole leads where it should hand back
 * previews: the core must still show only the preview fields.
 */
function careless(leads: Lead[], taken?: { leadId: string; by: string }): RepQueueDeps {
  const waiting = leads.filter((l) => l.id !== taken?.leadId);
  const queued: QueuedLeads = {
    peek: async (_pool, _order, limit) =>
      waiting.slice(0, limit).map((l) => ({ leadId: l.id, createdAt: l.createdAt })),
    count: async (_pool, max) => Math.min(max, leads.length),
    previews: async (_pool, ids) => ids.map((id) => leads.find((l) => l.id === id) as unknown as QueuedLeadPreview),
  };
  return {
    signer,
    clock,
    random: () => 0.5,
    queued,
    leads: {
      get: async (id) => {
        const lead = leads.find((l) => l.id === id);
        return lead && id === taken?.leadId ? { ...lead, status: 'assigned', repId: taken.by } : lead;
      },
      list: async () => ({ leads: [] }),
    },
    config: {
      getRep: async (id) => (id === 'rep_a' ? aRep('rep_a', { name: 'Ana Rivera' }) : undefined),
      getPool: async () => aPool('pool_1', ['rep_a'], { method: 'pull_preview', name: 'Hopper' }),
      get: async (id) => ({ ...aSource(id, 'pool_1'), name: 'Website form' }),
    },
    loads: { loadRepLoads: async () => new Map() },
    transitions: { apply: async () => 'lead_changed' },
    notifier: { notify: async () => undefined, notifyMany: async () => undefined },
    metrics: { count: () => undefined },
  };
}

function rendered(view: QueueView): string[] {
  return [queuePage(view, token).body as string, JSON.stringify(queueJson(view).body)];
}

function expectNoSecrets(texts: string[], leads: Lead[]) {
  for (const text of texts) {
    for (const secret of leads.flatMap(secretsOf)) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(escapeHtml(secret));
    }
  }
}

describe('preview queues', () => {
  it('never show the email, phone, last name, message or other fields of a queued lead, in the page or the JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(aQueuedLead, { minLength: 1, maxLength: 30, selector: (l) => l.id }),
        async (leads) => {
          const view = await viewQueue(careless(leads), token);
          expect(view.state).toBe('open');
          expect(view.leads!.length).toBe(Math.min(leads.length, 25));
          expectNoSecrets(rendered(view), leads);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('do show what a rep picks by: first name, place, source, product, score and age, escaped', async () => {
    await fc.assert(
      fc.asyncProperty(aQueuedLead, async (lead) => {
        const view = await viewQueue(careless([lead]), token);
        const [html, json] = rendered(view);
        const card = view.leads![0]!;
        expect(card).toEqual({
          id: lead.id,
          receivedAt: lead.createdAt,
          ageMinutes: Math.round((Date.parse(T0) - Date.parse(lead.createdAt)) / 60_000),
          firstName: lead.fields.firstName,
          source: 'Website form',
          ...(lead.fields.city !== undefined ? { city: lead.fields.city } : {}),
          ...(lead.fields.region !== undefined ? { region: lead.fields.region } : {}),
          ...(lead.fields.product !== undefined ? { product: lead.fields.product } : {}),
          ...(lead.fields.score !== undefined ? { score: lead.fields.score } : {}),
        });
        expect(html).toContain(escapeHtml(lead.fields.firstName));
        expect(json).toContain(JSON.stringify(lead.fields.firstName));
      }),
      { numRuns: 40 },
    );
  });

  it('offer the next lead with the same partial data when another rep took the chosen one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(aQueuedLead, { minLength: 2, maxLength: 5, selector: (l) => l.id }),
        async (leads) => {
          const view = await takeLead(careless(leads, { leadId: leads[0]!.id, by: 'rep_b' }), token, leads[0]!.id);
          expect(view.state).toBe('taken');
          expect(view.next?.id).toBe(leads[1]!.id);
          expectNoSecrets(rendered(view), leads);
        },
      ),
      { numRuns: 30 },
    );
  });
});
