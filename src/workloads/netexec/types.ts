/** What a netexec handler sees of an HTTP request: no sockets, so handlers are testable as plain functions. */
export interface NetexecRequest {
  method: string;
  /** The path exactly as received; the router redirects unclean paths the way Go's ServeMux does. */
  path: string;
  /** The raw query string without the leading "?". */
  rawQuery: string;
  query: URLSearchParams;
  /** url-encoded body fields of POST/PUT/PATCH; Go's FormValue prefers them over the query. */
  postForm: URLSearchParams;
  /** Go's Request.RemoteAddr, "ip:port" ("[ip6]:port"); empty under --http-override, as in agnhost. */
  remoteAddr: string;
  /** Header values by lower-case name, in arrival order, without Host (Go keeps it apart). */
  headers: Readonly<Record<string, readonly string[]>>;
}

export interface NetexecResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Drop the connection without an answer: the process is exiting, or Go would have panicked. */
  abort?: boolean;
}

/** Readiness as agnhost tracks it. */
export interface NetexecState {
  /** Set once a UDP listener is up: agnhost's /healthz and /readyz depend on it. */
  udpReady: boolean;
  /** Set by SIGTERM: /readyz turns 503 while /healthz stays 200. */
  sigtermReceived: boolean;
}

export type DialProtocol = 'http' | 'udp' | 'sctp';

/** A resolved /dial destination, like Go's net.TCPAddr / net.UDPAddr. */
export interface DialTarget {
  ip: string;
  port: number;
}

/** One attempt; rejects with an Error whose message is agnhost's error text for that attempt. */
export type Dialer = (request: string, target: DialTarget) => Promise<string>;

export interface ShellResult {
  /** Combined stdout and stderr. */
  output: string;
  /** Go's exec error text ("exit status 1"), absent on success. */
  error?: string;
}

/** Everything handlers need from the outside world; tests pass fakes. */
export interface HandlerContext {
  state: NetexecState;
  hostname(): string;
  /** The current time formatted as Go's time.Time.String(). */
  now(): string;
  log(message: string): void;
  shell(command: string): Promise<ShellResult>;
  /** Resolve a /dial host the way net.ResolveTCPAddr does: an IP literal, or the first address (IPv4 first). */
  lookup(host: string): Promise<string>;
  dialers: Readonly<Record<DialProtocol, Dialer>>;
  sleep(ms: number): Promise<void>;
  /** os.Exit: leave now, without answering. */
  exit(code: number): void;
  /** Stop accepting, let open requests finish for at most timeoutMs, then exit with code. */
  shutdown(code: number, timeoutMs: number): void;
}

export type Handler = (
  request: NetexecRequest,
  ctx: HandlerContext,
) => NetexecResponse | Promise<NetexecResponse>;
