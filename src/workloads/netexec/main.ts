import { errorMessage, InvalidInputError } from '../../lib/errors.js';
import { realNetexecDeps } from './deps.js';
import { NETEXEC_USAGE, parseNetexecArgs } from './flags.js';
import type { ParsedNetexecArgs } from './flags.js';
import { startNetexec } from './netexec.js';

// Entry point: `node main.js netexec --http-port=8080 --udp-port=8081` (agnhost's argv form).

async function main(argv: readonly string[]): Promise<void> {
  const deps = realNetexecDeps();
  let parsed: ParsedNetexecArgs;
  try {
    parsed = parseNetexecArgs(argv);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    // cobra prints "Error: ..." and the usage, and agnhost exits 1.
    process.stderr.write(`Error: ${err.message}\n${NETEXEC_USAGE}`);
    process.exit(1);
  }
  if (parsed.help) {
    process.stdout.write(NETEXEC_USAGE);
    return;
  }
  const netexec = await startNetexec(parsed.config, deps);
  process.once('SIGTERM', () => {
    netexec.terminate().catch((err: unknown) => {
      deps.log(`shutdown failed: ${errorMessage(err)}`);
      process.exit(1);
    });
  });
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // log.Fatal: one log line, exit 1.
  realNetexecDeps().log(errorMessage(err));
  process.exit(1);
});
