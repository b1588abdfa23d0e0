import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidInputError } from '../lib/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with strict checking whose errors become one-line InvalidInputErrors. */
export function parseCommandArgs<T extends Options>(command: string, args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (err) {
    const message = (err as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '');
    const ambiguous = /^Option '(--[a-z-]+)[^']*' argument is ambiguous/.exec(message);
    if (ambiguous) {
      const flag = ambiguous[1]!;
      throw new InvalidInputError(
        `${command}: ${flag} needs a value (write ${flag}=VALUE for a value starting with "-")`,
      );
    }
    throw new InvalidInputError(`${command}: ${message}`);
  }
}

export function noPositionals(command: string, positionals: readonly string[]): void {
  if (positionals.length > 0)
    throw new InvalidInputError(`${command}: unexpected argument "${positionals[0]}"`);
}
