import { hmacSha256Hex } from '../../core/shared/signatures';
import type { MetaGraph, MetaLeadDetails } from '../../core/sources/ports';
import { quoteUnsafeIntegers } from '../../http/webhook-body';

/** A Graph API call that did not give us the lead. The message never contains the token. */
export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly graphCode?: number,
  ) {
    super(`Graph API answered ${status}: ${message}`);
    this.name = 'GraphApiError';
  }
}

export interface MetaGraphClientOptions {
  /** Injected in tests; the runtime's fetch otherwise. */
  fetch?: typeof fetch;
  baseUrl?: string;
  timeoutMs?: number;
}

/**
 * Reads a lead from Meta's Graph API: `GET /<version>/<leadgen_id>?fields=…&access_token=…`
 * with an `appsecret_proof` (HMAC-SHA256 of the token with the app secret), which Meta
 * requires when the app enables "Require App Secret". Ids in the answer are read exactly.
 */
export class MetaGraphClient implements MetaGraph {
  private readonly fetch: typeof fetch;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: MetaGraphClientOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.baseUrl = options.baseUrl ?? 'https://graph.facebook.com';
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  async fetchLead(
    leadgenId: string,
    credentials: { accessToken: string; appSecret: string; apiVersion: string },
  ): Promise<MetaLeadDetails> {
    if (!/^\d{1,40}$/.test(leadgenId)) throw new GraphApiError(0, 'the leadgen id is not a number');
    const url = new URL(`/${credentials.apiVersion}/${leadgenId}`, this.baseUrl);
    url.searchParams.set('fields', 'id,created_time,ad_id,form_id,field_data');
    url.searchParams.set('access_token', credentials.accessToken);
    url.searchParams.set('appsecret_proof', hmacSha256Hex(credentials.appSecret, credentials.accessToken));

    let response: Response;
    try {
      response = await this.fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new GraphApiError(0, `the request failed (${(error as Error).name})`);
    }
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(quoteUnsafeIntegers(text)) as Record<string, unknown>;
    } catch {
      // not JSON: reported below by status or shape
    }
    if (!response.ok) {
      const error = (body.error ?? {}) as { message?: unknown; code?: unknown };
      throw new GraphApiError(
        response.status,
        typeof error.message === 'string' ? error.message.slice(0, 300) : 'no error message',
        typeof error.code === 'number' ? error.code : undefined,
      );
    }
    return readLead(body, response.status);
  }
}

function readLead(body: Record<string, unknown>, status: number): MetaLeadDetails {
  const fieldData = body.field_data;
  if (body.id === undefined || !Array.isArray(fieldData))
    throw new GraphApiError(status, 'the answer has no id or field_data');
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
  const details: MetaLeadDetails = {
    id: String(body.id),
    fieldData: fieldData.flatMap((entry: unknown) => {
      const { name, values } = (entry ?? {}) as { name?: unknown; values?: unknown };
      if (typeof name !== 'string' || !Array.isArray(values)) return [];
      return [{ name, values: values.map(text).filter((v): v is string => v !== undefined) }];
    }),
  };
  const createdTime = text(body.created_time);
  const adId = text(body.ad_id);
  const formId = text(body.form_id);
  return {
    ...details,
    ...(createdTime ? { createdTime } : {}),
    ...(adId ? { adId } : {}),
    ...(formId ? { formId } : {}),
  };
}
