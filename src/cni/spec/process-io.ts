import type { PluginIo } from './plugin-main.js';

/** The PluginIo of a real process: its environment, stdin, stdout and stderr. */
export function processIo(): PluginIo {
  return {
    env: process.env,
    readStdin: async () => {
      // A person running the executable by hand has a terminal on stdin; nothing is coming.
      if (process.stdin.isTTY) return '';
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}
