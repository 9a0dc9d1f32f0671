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
    super('not_found', id === undefined ? `No such ${kind}` : `No ${kind} has the id ${id}`, {
      kind,
      ...(id === undefined ? {} : { id }),
    });
  }
}

/** The change collides with the current state (a stale version, a reference still in use). */
export class ConflictError extends DomainError {
  constructor(message: string, details?: unknown, code = 'conflict') {
    super(code, message, details);
  }
}

/** The caller did not prove who it is (no key, a wrong key, a bad signature). */
export class UnauthorizedError extends DomainError {
  constructor(message = 'A valid API key is required', code = 'unauthorized') {
    super(code, message);
  }
}

/** The caller proved who it is, but may not do this (a webhook handshake with the wrong token). */
export class ForbiddenError extends DomainError {
  constructor(message: string, code = 'forbidden') {
    super(code, message);
  }
}

/** The caller's `If-Match` names a version that is no longer current. */
export class PreconditionFailedError extends DomainError {
  constructor(expectedVersion: number | string, currentVersion: number) {
    super(
      'precondition_failed',
      `It changed since you read it: you sent If-Match ${expectedVersion}, the current version is ${currentVersion}`,
      { currentVersion },
    );
  }
}
