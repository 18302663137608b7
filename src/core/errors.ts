/**
 * User-facing errors. A `ReproError` message is one line that says what was wrong and,
 * where possible, what to do. The CLI prints such errors without a stack trace.
 */
export class ReproError extends Error {
  constructor(message: string) {
    super(message.replace(/\s*\n\s*/g, " "));
    this.name = "ReproError";
  }
}

/** True for errors that are meant to be shown to the user as one line. */
export function isReproError(err: unknown): err is ReproError {
  return err instanceof Error && err.name === "ReproError";
}
