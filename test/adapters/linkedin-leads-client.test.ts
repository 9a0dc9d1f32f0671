import { describe, expect, it } from 'vitest';
import { LinkedInApiError, LinkedInLeadsClient } from '../../functions/adapters/linkedin/linkedin-leads-client';
import { fakeLinkedInApi } from '../support/fixtures';

const credentials = { accessToken: 'AQV-token', version: '202606' };

describe('LinkedInLeadsClient', () => {
  it("reads a lead form response and names each answer by its form's question", async () => {
    const api = fakeLinkedInApi();
    const details = await new LinkedInLeadsClient({ fetch: api.fetch }).fetchLead('lead-1', credentials);
    expect(details).toEqual({
      id: 'lead-1',
      submittedAt: new Date(1795946399000).toISOString(),
      campaignId: '40123456',
      answers: [
        { name: 'FIRST_NAME', value: 'Grace' },
        { name: 'LAST_NAME', value: 'Hopper' },
        { name: 'EMAIL', value: 'grace.hopper@example.com' },
        { name: 'PHONE_NUMBER', value: '+1 202 555 0143' },
        { name: 'COMPANY_NAME', value: 'Navy Computing' },
        { name: 'JOB_TITLE', value: 'Rear Admiral' },
        { name: 'COUNTRY', value: 'United States' },
        { name: 'team_size', value: '11-50' },
      ],
    });
    expect(api.calls.map((c) => c.url.pathname)).toEqual(['/rest/leadFormResponses/lead-1', '/rest/leadForms/8765432']);
    const headers = api.calls[0]!.headers;
    expect(headers.get('authorization')).toBe('Bearer AQV-token');
    expect(headers.get('linkedin-version')).toBe('202606');
    expect(headers.get('x-restli-protocol-version')).toBe('2.0.0');
  });

  it('reports a failed call with its status and without the token', async () => {
    const api = fakeLinkedInApi();
    api.failures = 1;
    const error = await new LinkedInLeadsClient({ fetch: api.fetch }).fetchLead('lead-1', credentials).catch((e) => e);
    expect(error).toBeInstanceOf(LinkedInApiError);
    expect(error).toMatchObject({ status: 500 });
    expect(String(error.message)).not.toContain('AQV-token');
  });

  it('refuses a lead id that is not an id, without calling LinkedIn', async () => {
    const api = fakeLinkedInApi();
    await expect(new LinkedInLeadsClient({ fetch: api.fetch }).fetchLead('../me', credentials)).rejects.toBeInstanceOf(
      LinkedInApiError,
    );
    expect(api.calls).toEqual([]);
  });
});
