// Errors that carry a message meant for the person or program that caused them. Route handlers
// and server actions turn these into clear 4xx answers; anything else is a 500 and is logged.
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422,
    readonly code: string,
  ) {
    super(message);
    this.name = "UserFacingError";
  }
}

export const notFound = (what: string) => new UserFacingError(`${what} was not found`, 404, "not_found");
export const conflict = (message: string, code = "conflict") => new UserFacingError(message, 409, code);
export const invalid = (message: string, code = "invalid_request") => new UserFacingError(message, 400, code);
