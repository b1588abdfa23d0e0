/**
 * One base error for flatnet with a stable, machine-readable `code`.
 * Layers wrap lower errors with context through `{ cause }` instead of rewriting messages.
 */
export class FlatnetError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Input that a user or a caller got wrong: the CLI prints it as one line and exits 2. */
export class InvalidInputError extends FlatnetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('EINVALID', message, options);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export const isInvalidInput = (err: unknown): err is InvalidInputError => err instanceof InvalidInputError;
