// A pause container: do nothing until told to stop. Two flavours, chosen by argv:
//   `main.js pause`  agnhost's subcommand (prints "Paused"; SIGINT exits 1, SIGTERM exits 2),
//                    [kubernetes test/images/agnhost/pause/pause.go]
//   `main.js`        the sandbox pause image (SIGINT/SIGTERM exit 0) [kubernetes build/pause/linux/pause.c]

const args = process.argv.slice(2);
const agnhost = args[0] === 'pause';
const extra = agnhost ? args.slice(1) : args;
if (extra.length > 0) {
  process.stderr.write(`Error: accepts at most 0 arg(s), received ${extra.length}\n`);
  process.exit(1);
}

/** Exit codes per signal: agnhost reports which signal stopped it, the sandbox pause exits cleanly. */
const EXIT_CODES: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = agnhost
  ? { SIGINT: 1, SIGTERM: 2 }
  : { SIGINT: 0, SIGTERM: 0 };

// A timer keeps the event loop, and so the process, alive.
const keepAlive = setInterval(() => undefined, 2 ** 31 - 1);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(keepAlive);
    if (!agnhost)
      process.stderr.write(
        `Shutting down, got signal: ${signal === 'SIGINT' ? 'Interrupt' : 'Terminated'}\n`,
      );
    process.exit(EXIT_CODES[signal]);
  });
}

if (agnhost) process.stdout.write('Paused\n');
