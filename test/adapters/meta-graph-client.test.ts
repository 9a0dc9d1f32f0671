import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { GraphApiError, MetaGraphClient } from '../../functions/adapters/meta/meta-graph-client';
import { fixtureText } from '../support/fixtures';

const credentials = { accessToken: 'EAAB-secret-token', appSecret: 'app-secret', apiVersion: 'v21.0' };

function answering(status: number, body: string) {
  return vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response(body, { status }));
}

describe('MetaGraphClient', () => {
  it('asks GET /<version>/<leadgen id> with the token and its appsecret_proof, and reads the answers', async () => {
    // Prepare
    const fetch = answering(200, fixtureText('meta-lead-graph-response.json'));
    // Act
    const details = await new MetaGraphClient({ fetch }).fetchLead('55459717045641545', credentials);
    // Assess
    const url = new URL(String(fetch.mock.calls[0]![0]));
    expect(`${url.origin}${url.pathname}`).toBe('https://graph.facebook.com/v21.0/55459717045641545');
    expect(url.searchParams.get('access_token')).toBe('EAAB-secret-token');
    expect(url.searchParams.get('appsecret_proof')).toBe(
      createHmac('sha256', 'app-secret').update('EAAB-secret-token').digest('hex'),
    );
    expect(url.searchParams.get('fields')).toContain('field_data');
    expect(details).toEqual({
      id: '55459717045641545',
      createdTime: '2026-11-20T08:49:14+0000',
      adId: '23851234567890123',
      formId: '551111744595541',
      fieldData: [
        { name: 'full_name', values: ['Joe Example'] },
        { name: 'email', values: ['joe@example.com'] },
        { name: 'phone_number', values: ['+15555550199'] },
        { name: 'city', values: ['Austin'] },
        { name: 'company_name', values: ['Example Freight'] },
      ],
    });
  });

  it('keeps ids that arrive as big numbers exact', async () => {
    const fetch = answering(200, '{"id":55459717045641545,"field_data":[]}');
    expect((await new MetaGraphClient({ fetch }).fetchLead('55459717045641545', credentials)).id).toBe(
      '55459717045641545',
    );
  });

  it("reports Graph's error with its status and code, never the token", async () => {
    const fetch = answering(
      400,
      '{"error":{"message":"Error validating access token","type":"OAuthException","code":190}}',
    );
    const error = await new MetaGraphClient({ fetch }).fetchLead('1', credentials).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({
      status: 400,
      graphCode: 190,
      message: expect.stringContaining('Error validating access token'),
    });
    expect(String((error as Error).message)).not.toContain('EAAB-secret-token');
  });

  it('turns a network failure or a malformed answer into a GraphApiError', async () => {
    const down = vi.fn(async () => Promise.reject(new TypeError('fetch failed')));
    await expect(new MetaGraphClient({ fetch: down }).fetchLead('1', credentials)).rejects.toBeInstanceOf(
      GraphApiError,
    );
    await expect(new MetaGraphClient({ fetch: answering(200, '<html>') }).fetchLead('1', credentials)).rejects.toThrow(
      'no id or field_data',
    );
  });

  it('refuses a leadgen id that is not a number without calling Graph', async () => {
    const fetch = answering(200, '{}');
    await expect(new MetaGraphClient({ fetch }).fetchLead('1/../me', credentials)).rejects.toBeInstanceOf(
      GraphApiError,
    );
    expect(fetch).not.toHaveBeenCalled();
  });
});
