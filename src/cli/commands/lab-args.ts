import { FlatnetError } from '../../lib/errors.js';
import { DEFAULT_NAME, validateLabName } from '../../lab/config.js';
import { readState, type LabState } from '../../lab/state.js';

export const nameOption = { name: { type: 'string', short: 'N' } } as const;

export function labName(value: string | undefined): string {
  return validateLabName(value ?? DEFAULT_NAME);
}

/** The state of a lab that must exist, or a one-line error naming it. */
export async function existingLab(name: string): Promise<LabState> {
  const state = await readState(name);
  if (!state)
    throw new FlatnetError(
      'ENOTFOUND',
      `no lab named "${name}" (start one with "flatnet up --name ${name}")`,
    );
  return state;
}
