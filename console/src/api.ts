// The admin API as the console calls it: the key as a Bearer token, JSON both ways, the
// `ETag` of what was read kept for the `If-Match` of the edit, and errors as ApiError.

/** One problem the API found, with the field it is about. */
export interface ErrorDetail {
  path: string;
  code?: string;
  message: string;
}

/** An error answer: `{"error": {code, message, details}}`, or API Gateway's own 401/403. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }

  /** The per-field problems (validation errors), if the details are a list of them. */
  get fieldDetails(): ErrorDetail[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is ErrorDetail => typeof d === 'object' && d !== null && typeof (d as ErrorDetail).path === 'string',
    );
  }
}

/** A read answer and the version it had, to send back as `If-Match`. */
export interface Versioned<T> {
  body: T;
  etag?: string;
}

export interface RequestOptions {
  body?: unknown;
  /** A body sent as it is (a lookup table's CSV), with its media type, and `gzip` when zipped. */
  text?: { contentType: string; body: string | ArrayBuffer; encoding?: 'gzip' };
  /** The media type asked for; answers that are not JSON come back as text. */
  accept?: string;
  ifMatch?: string;
  /** Checks a key before it is kept (sign-in); otherwise the stored key is sent. */
  key?: string;
}

export interface AdminApi {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<Versioned<T>>;
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, ifMatch?: string): Promise<T>;
}

/**
 * A client for `baseUrl` (this origin). `signedOut` is told when the key is refused, so the
 * console can ask for a key again.
 */
export function adminApi(baseUrl: string, key: () => string | undefined, signedOut: () => void): AdminApi {
  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Versioned<T>> {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    const bearer = options.key ?? key();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.text) headers['content-type'] = options.text.contentType;
    if (options.text?.encoding) headers['content-encoding'] = options.text.encoding;
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.text ? { body: options.text.body } : {}),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'network_error', 'The API could not be reached. Check the connection and try again.');
    }
    const text = await response.text();
    const json = /json/.test(response.headers.get('content-type') ?? 'application/json');
    const parsed = text ? (json ? safeJson(text) : text) : undefined;
    if (!response.ok) {
      const error = toApiError(response.status, parsed);
      if (error.code === 'unauthorized' && options.key === undefined) signedOut();
      throw error;
    }
    const etag = response.headers.get('etag') ?? undefined;
    return { body: parsed as T, ...(etag ? { etag } : {}) };
  }
  return {
    request,
    get: async <T>(path: string) => (await request<T>('GET', path)).body,
    send: async <T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, ifMatch?: string) =>
      (
        await request<T>(method, path, {
          ...(body !== undefined ? { body } : {}),
          ...(ifMatch ? { ifMatch } : {}),
        })
      ).body,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reads an error answer: leadrouter's envelope, or API Gateway's `{"message"}` for a missing or wrong key. */
export function toApiError(status: number, body: unknown): ApiError {
  const envelope = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (envelope && typeof envelope.code === 'string') {
    return new ApiError(status, envelope.code, String(envelope.message ?? envelope.code), envelope.details ?? null);
  }
  if (status === 401 || status === 403)
    return new ApiError(status, 'unauthorized', 'The admin API key was not accepted.');
  return new ApiError(status, `http_${status}`, `The API answered ${status}.`);
}

/** The `ETag` of a version number, as the API sends it (list answers carry versions, not ETags). */
export function etagOf(item: { version: number }): string {
  return `"${item.version}"`;
}

/** A query string of the defined, non-empty values. */
export function query(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values))
    if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
