/**
 * Domain errors. They carry a machine-readable `code` and optional `details`, and know
 * nothing about HTTP: the HTTP adapter maps them to status codes by `instanceof`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is malformed or breaks a rule; `details` lists the offending fields. */
export class ValidationError extends DomainError {
  constructor(message: string, details?: unknown, code = 'validation_failed') {
    super(code, message, details);
  }
}

/** The thing asked for does not exist. */
export class NotFoundError extends DomainError {
  constructor(kind: string, id?: string) {
    super('not_found', id === undefined ? `No such ${kind}` : `No ${kind} has the id ${id}`, { kind, ...(id === undefined ? {} : { id }) });
  }
}

/** The change collides with the current state (a stale version, a reference still in use). */
export class ConflictError extends DomainError {
  constructor(message: string, details?: unknown, code = 'conflict') {
    super(code, message, details);
  }
}

/** The caller did not prove who it is. */
export class UnauthorizedError extends DomainError {
  constructor(message = 'A valid API key is required') {
    super('unauthorized', message);
  }
}
