import type { LinkedInLeadDetails, LinkedInLeads } from '../../core/sources/ports';

/** A LinkedIn API call that did not give us the lead. The message never contains the token. */
export class LinkedInApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`LinkedIn API answered ${status}: ${message}`);
    this.name = 'LinkedInApiError';
  }
}

export interface LinkedInLeadsClientOptions {
  /** Injected in tests; the runtime's fetch otherwise. */
  fetch?: typeof fetch;
  baseUrl?: string;
  timeoutMs?: number;
}

type Json = Record<string, unknown>;
const objectOf = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * Reads a lead from LinkedIn's Lead Sync API: `GET /rest/leadFormResponses/{id}`, then its form
 * (`GET /rest/leadForms/{formId}`) to name each answer by its question, since a response
 * carries question ids only. Bearer token, `LinkedIn-Version` and Rest.li 2.0 headers.
 */
export class LinkedInLeadsClient implements LinkedInLeads {
  private readonly fetch: typeof fetch;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: LinkedInLeadsClientOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.baseUrl = options.baseUrl ?? 'https://api.linkedin.com';
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  async fetchLead(leadId: string, credentials: { accessToken: string; version: string }): Promise<LinkedInLeadDetails> {
    if (!/^[\w-]{1,100}$/.test(leadId)) throw new LinkedInApiError(0, 'the lead id is not an id');
    const response = await this.get(`/rest/leadFormResponses/${encodeURIComponent(leadId)}`, credentials);
    const formId = /leadGenForm:(\d{1,40})/.exec(String(response.versionedLeadGenFormUrn ?? ''))?.[1];
    const questions = new Map<string, { name: string; options: Map<string, string> }>();
    if (formId) {
      const form = await this.get(`/rest/leadForms/${formId}`, credentials);
      for (const item of listOf(objectOf(form.content).questions)) {
        const question = objectOf(item);
        const predefined = typeof question.predefinedField === 'string' ? question.predefinedField : '';
        const name = predefined && predefined !== 'CUSTOM' ? predefined : String(question.name ?? question.questionId);
        const options = new Map<string, string>();
        const choices = objectOf(objectOf(question.questionDetails).multipleChoiceQuestionDetails).options;
        for (const option of listOf(choices))
          options.set(String(objectOf(option).id), String(objectOf(option).text ?? ''));
        questions.set(String(question.questionId), { name, options });
      }
    }
    const answers = listOf(objectOf(response.formResponse).answers).flatMap((item) => {
      const answer = objectOf(item);
      const question = questions.get(String(answer.questionId));
      const details = objectOf(answer.answerDetails);
      const text = objectOf(details.textQuestionAnswer).answer;
      const chosen = listOf(objectOf(details.multipleChoiceAnswer).options).map(
        (id) => question?.options.get(String(id)) ?? String(id),
      );
      const value = typeof text === 'string' ? text : chosen.join(', ');
      return value ? [{ name: question?.name ?? `question_${String(answer.questionId)}`, value }] : [];
    });
    const campaign = /sponsoredCampaign:(\d{1,40})/.exec(
      String(objectOf(objectOf(response.leadMetadata).sponsoredLeadMetadata).campaign ?? ''),
    )?.[1];
    return {
      id: String(response.id ?? leadId),
      answers,
      ...(typeof response.submittedAt === 'number'
        ? { submittedAt: new Date(response.submittedAt).toISOString() }
        : {}),
      ...(campaign ? { campaignId: campaign } : {}),
    };
  }

  private async get(path: string, credentials: { accessToken: string; version: string }): Promise<Json> {
    let response: Response;
    try {
      response = await this.fetch(new URL(path, this.baseUrl), {
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${credentials.accessToken}`,
          'linkedin-version': credentials.version,
          'x-restli-protocol-version': '2.0.0',
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new LinkedInApiError(0, `the request failed (${(error as Error).name})`);
    }
    let body: Json = {};
    try {
      body = objectOf(JSON.parse(await response.text()));
    } catch {
      // not JSON: reported below by status
    }
    if (!response.ok) {
      const message = typeof body.message === 'string' ? body.message.slice(0, 300) : 'no error message';
      throw new LinkedInApiError(response.status, message);
    }
    if (Object.keys(body).length === 0) throw new LinkedInApiError(response.status, 'the answer is not a JSON object');
    return body;
  }
}
