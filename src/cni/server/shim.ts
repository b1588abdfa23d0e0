import { MAX_STDIN_BYTES } from './protocol.js';

/**
 * The thin plugin executable: a bash script that forwards its call to the resident CNI server
 * (protocol.ts) and prints the answer. bash starts in ~2 ms where Node.js takes ~80 ms, and bash
 * is on every Debian; it has no Unix sockets, hence TCP on loopback through /dev/tcp. Whenever the
 * server cannot take the call (no credentials, another server's, nothing listening, no valid
 * answer), the shim execs the Node.js plugin with its stdin untouched, so the plugin always works.
 */

export interface ForwardingShim {
  readonly plugin: string;
  readonly port: number;
  /** The credentials file (credentials.ts). */
  readonly tokenFile: string;
  /** The fallback: `exec node entryPoint`. */
  readonly node: string;
  readonly entryPoint: string;
}

/** POSIX shell single quoting: the only character to escape is the quote itself. */
export const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

// How long a shim waits for the server's answer to its token (a live server answers at once; a
// wedged one must not hold the pod: the plugin then runs itself).
const HANDSHAKE_TIMEOUT_S = 5;

export function forwardingShimText(shim: ForwardingShim): string {
  if (!Number.isInteger(shim.port) || shim.port < 1 || shim.port > 65535) {
    throw new RangeError(`bad port ${shim.port}`);
  }
  return `#!/bin/bash
# ${shim.plugin}, installed by flatnet (src/cni/server/shim.ts): forwards the call to the CNI server of
# the resident node process on 127.0.0.1:${shim.port} of this network namespace, or runs the plugin itself.
LC_ALL=C # lengths in bytes (\${#var}, read -N); not exported: the fallback keeps the caller's locale
port=${shim.port}
standalone() { exec 3<&-; exec ${shellQuote(shim.node)} ${shellQuote(shim.entryPoint)} "$@"; }

# Root-only credentials of the live server: "<port> <client token> <server token>" (see credentials.ts).
{ read -r cred_port client_token server_token <${shellQuote(shim.tokenFile)}; } 2>/dev/null || standalone "$@"
[[ $cred_port == "$port" && -n $server_token ]] || standalone "$@"
# Variables travel one per line: a value with a newline cannot (the plugin itself reports it).
for name in "\${!CNI_@}"; do [[ \${!name} != *$'\\n'* ]] || standalone "$@"; done
{ exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || standalone "$@"
# The server proves it is the one that wrote the credentials before it gets the call.
printf '%s\\n' "$client_token" >&3
# -N: one read(2) for the whole line, where a plain read takes one per byte.
IFS= read -r -t ${HANDSHAKE_TIMEOUT_S} -N $(( \${#server_token} + 1 )) answer <&3 &&
  [[ $answer == "$server_token"$'\\n' ]] || standalone "$@"

# All of stdin, exactly: -N reads 4 KiB at a time up to EOF (-d '' would read byte by byte).
IFS= read -r -N ${MAX_STDIN_BYTES} config
printf -v request '%s %d\\n' ${shellQuote(shim.plugin)} "\${#config}"
for name in "\${!CNI_@}"; do request+="$name=\${!name}"$'\\n'; done
# One write(2): bash's stdout is line-buffered and a request ending in a newline leaves whole
# (a second small segment would wait for the server's delayed ACK, 40 ms; see protocol.ts).
printf '%s' "$request"$'\\n'"$config"$'\\n' >&3
if IFS=' ' read -r code length <&3 && [[ $code =~ ^[0-9]+$ && $length =~ ^[0-9]+$ ]]; then
  IFS= read -r -N "$length" out <&3
  IFS= read -r -N ${MAX_STDIN_BYTES} err <&3
  printf '%s' "$out"
  printf '%s' "$err" >&2
  exit "$code"
fi
# The server had the call and went away: it may have done part of it, so running it again here could
# do it twice. Fail as a plugin fails (SPEC.md: error JSON, exit 1); the runtime cleans up with DEL.
version=1.1.0
[[ $config =~ \\"cniVersion\\"[[:space:]]*:[[:space:]]*\\"([0-9.]+)\\" ]] && version=\${BASH_REMATCH[1]}
printf '{"cniVersion":"%s","code":999,"msg":"flatnet CNI server closed the connection during the call"}\\n' "$version"
exit 1
`;
}
