/**
 * An error a use case refuses with: a stable code, a message a person understands, and the
 * HTTP status that fits it (the transport decides how to send it; sockets send code and message).
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
