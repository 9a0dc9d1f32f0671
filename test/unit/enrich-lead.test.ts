import { describe, expect, it } from 'vitest';
import type { LeadMessage } from '../../functions/core/leads/lead';
import { enrichMetaLead } from '../../functions/core/sources/enrich-meta-lead';
import type {
  EnrichmentJob,
  LeadEnrichmentStore,
  LinkedInLeads,
  MetaGraph,
  MetaLeadDetails,
} from '../../functions/core/sources/ports';
import type { Source } from '../../functions/core/sources/source';
import { fixedClock } from '../support/builders';
import { aSource, MemorySources, RecordingQueue } from '../support/memory-stores';

const meta = {
  ...aSource('src_meta', 'pool_1'),
  kind: 'meta_lead_ads',
  appSecret: 'app-secret',
  verifyToken: 'v',
  accessToken: 'page-token',
  defaultCountry: 'US',
} as Source;
const job: EnrichmentJob = {
  leadId: 'L1',
  sourceId: 'src_meta',
  createdAt: '2026-11-23T09:59:00.000Z',
  leadgenId: '55459717045641545',
  custom: { leadgen_id: '55459717045641545', form_id: '551111744595541', page_id: '516540199134611', ad_id: '0' },
};
const details: MetaLeadDetails = {
  id: '55459717045641545',
  adId: '23851234567890123',
  fieldData: [
    { name: 'full_name', values: ['Joe Example'] },
    { name: 'email', values: ['JOE@example.com'] },
    { name: 'phone_number', values: ['(512) 555-0199'] },
    { name: 'budget', values: ['10k'] },
  ],
};

function setUp(options: { graph?: MetaGraph; linkedin?: LinkedInLeads; waiting?: boolean; sources?: Source[] } = {}) {
  const writes: { leadId: string; fields: unknown; custom: unknown }[] = [];
  const leads: LeadEnrichmentStore = {
    completeEnrichment: async (leadId, update) => {
      if (options.waiting === false) return 'not_waiting';
      writes.push({ leadId, fields: update.fields, custom: update.custom });
      return 'updated';
    },
  };
  const calls: { leadgenId: string; credentials: unknown }[] = [];
  const graph: MetaGraph = options.graph ?? {
    fetchLead: async (leadgenId, credentials) => {
      calls.push({ leadgenId, credentials });
      return details;
    },
  };
  const linkedin: LinkedInLeads = options.linkedin ?? { fetchLead: async () => Promise.reject(new Error('unused')) };
  const queue = new RecordingQueue<LeadMessage>();
  const deps = {
    sources: new MemorySources(options.sources ?? [meta]),
    graph,
    linkedin,
    leads,
    queue,
    clock: fixedClock(),
  };
  return { deps, writes, queue, calls };
}

describe('enrichMetaLead', () => {
  it("fetches the lead's answers with the source's token, fills in the lead and queues it for the assigner", async () => {
    const { deps, writes, queue, calls } = setUp();
    expect(await enrichMetaLead(deps, job)).toBe('queued');
    expect(calls).toEqual([
      {
        leadgenId: '55459717045641545',
        credentials: { accessToken: 'page-token', appSecret: 'app-secret', apiVersion: 'v21.0' },
      },
    ]);
    const fields = {
      name: 'Joe Example',
      firstName: 'Joe',
      lastName: 'Example',
      email: 'joe@example.com',
      phone: '+15125550199',
    };
    const custom = {
      budget: '10k',
      leadgen_id: '55459717045641545',
      form_id: '551111744595541',
      page_id: '516540199134611',
      ad_id: '23851234567890123',
    };
    expect(writes).toEqual([{ leadId: 'L1', fields, custom }]);
    expect(queue.sent).toEqual([{ leadId: 'L1', sourceId: 'src_meta', createdAt: job.createdAt, fields, custom }]);
  });

  it('lets a Graph API failure through, having written and queued nothing, so the queue retries the job', async () => {
    const { deps, writes, queue } = setUp({
      graph: { fetchLead: async () => Promise.reject(new Error('Graph API answered 500')) },
    });
    await expect(enrichMetaLead(deps, job)).rejects.toThrow('Graph API answered 500');
    expect(writes).toEqual([]);
    expect(queue.sent).toEqual([]);
  });

  it('does nothing more for a lead that is no longer waiting (a repeated job)', async () => {
    const { deps, queue } = setUp({ waiting: false });
    expect(await enrichMetaLead(deps, job)).toBe('not_waiting');
    expect(queue.sent).toEqual([]);
  });

  it('routes the lead without details when its source is gone, so it settles visibly', async () => {
    const { deps, writes, queue, calls } = setUp({ sources: [] });
    expect(await enrichMetaLead(deps, job)).toBe('queued');
    expect(calls).toEqual([]);
    expect(writes).toEqual([{ leadId: 'L1', fields: {}, custom: job.custom }]);
    expect(queue.sent).toHaveLength(1);
  });
});

describe('enrichMetaLead for a LinkedIn lead', () => {
  const linkedin = {
    ...aSource('src_li', 'pool_1'),
    kind: 'linkedin_lead_gen',
    clientSecret: 'li-client-secret',
    accessToken: 'AQV-token',
    defaultCountry: 'DE',
  } as Source;
  const liJob: EnrichmentJob = {
    leadId: 'L2',
    sourceId: 'src_li',
    createdAt: '2026-11-23T09:59:00.000Z',
    leadgenId: 'a1b2c3d4-5678',
    custom: { linkedin_lead_id: 'a1b2c3d4-5678', linkedin_form_id: '1234' },
  };

  it("fetches the form response with the source's token and version, maps its answers to lead fields", async () => {
    const calls: unknown[] = [];
    const { deps, writes, queue } = setUp({
      sources: [linkedin],
      linkedin: {
        fetchLead: async (leadId, credentials) => {
          calls.push({ leadId, credentials });
          return {
            id: leadId,
            campaignId: '777',
            answers: [
              { name: 'FIRST_NAME', value: 'Ada' },
              { name: 'LAST_NAME', value: 'Lovelace' },
              { name: 'EMAIL', value: 'ADA@example.com' },
              { name: 'PHONE_NUMBER', value: '030 1234567' },
              { name: 'COMPANY_NAME', value: 'Analytical Engines' },
              { name: 'JOB_TITLE', value: 'Founder' },
              { name: 'COUNTRY', value: 'Germany' },
            ],
          };
        },
      },
    });
    expect(await enrichMetaLead(deps, liJob)).toBe('queued');
    expect(calls).toEqual([{ leadId: 'a1b2c3d4-5678', credentials: { accessToken: 'AQV-token', version: '202606' } }]);
    expect(writes[0]).toMatchObject({
      leadId: 'L2',
      fields: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        phone: '+49301234567',
        company: 'Analytical Engines',
        country: 'DE',
      },
      custom: { job_title: 'Founder', linkedin_lead_id: 'a1b2c3d4-5678', linkedin_campaign_id: '777' },
    });
    expect(queue.sent).toHaveLength(1);
  });
});
