import type { FieldErrors } from './field-errors.js';

/**
 * Name and value validators of k8s.io/apimachinery/pkg/util/validation (v0.32): each returns the
 * list of problems as Kubernetes words them (empty when valid), for FieldErrors.invalidEach.
 * Lengths are in bytes, as Go's len() counts them.
 */

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

export const maxLenError = (length: number): string => `must be no more than ${length} characters`;

export const emptyError = (): string => 'must be non-empty';

export const inclusiveRangeError = (lo: number, hi: number): string =>
  `must be between ${lo} and ${hi}, inclusive`;

/** RegexError, including its double space: `(e.g. 'my-name',  or '123-abc', regex used ...)`. */
export function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  const listed = examples.map((e) => `'${e}', `).join(' or ');
  return `${message} (e.g. ${listed}regex used for validation is '${format}')`;
}

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;

const whole = (format: string): RegExp => new RegExp(`^${format}$`);
const DNS1123_LABEL = whole(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN = whole(DNS1123_SUBDOMAIN_FMT);
const DNS1035_LABEL = whole(DNS1035_LABEL_FMT);
const QUALIFIED_NAME = whole(QUALIFIED_NAME_FMT);
const LABEL_VALUE = whole(LABEL_VALUE_FMT);

const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** Namespace names, and the label part of DNS names. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL.test(value)) {
    // A valid subdomain that is not a valid label can only be failing on its dots.
    errs.push(
      DNS1123_SUBDOMAIN.test(value)
        ? 'must not contain dots'
        : regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'),
    );
  }
  return errs;
}

/** Most object names (Pods, Deployments, ConfigMaps, ...). */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

/** Service names: they become DNS labels, so they must start with a letter. */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL.test(value))
    errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

/** IsQualifiedName: label and annotation keys, finalizer names (`[prefix/]name`). */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  if (parts.length > 2) {
    const format = regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc');
    return [
      `a qualified name ${format} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const name = parts.length === 2 ? (parts[1] ?? '') : value;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME.test(name)) {
    errs.push(
      `name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errs;
}

export const isLabelKey = isQualifiedName;

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE.test(value))
    errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** Named container ports (IANA_SVC_NAME). */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (byteLength(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/**
 * IPv4 as Kubernetes 1.32 parses it (netutils.ParseIPSloppy): leading zeros are accepted and
 * read as decimal. flatnet is IPv4-only, so IPv6 text is rejected here.
 */
export function parseIPv4Sloppy(text: string): number[] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (match === null) return undefined;
  const octets = match.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

export function isValidIPv4Address(value: string): string[] {
  return parseIPv4Sloppy(value) === undefined ? ['must be a valid IPv4 address'] : [];
}

/** IsValidCIDR: host bits may be set (`10.0.0.1/8` is valid), as ParseCIDRSloppy allows. */
export function isValidCIDR(value: string): string[] {
  const [address = '', prefix, extra] = value.split('/');
  const valid =
    extra === undefined &&
    prefix !== undefined &&
    /^\d+$/.test(prefix) &&
    Number(prefix) <= 32 &&
    !!parseIPv4Sloppy(address);
  return valid ? [] : ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];
}

/** sets.List(supportedPortProtocols): sorted, which is how Kubernetes lists them in the error. */
export const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

/** core validation of `protocol` fields: Required when empty, NotSupported otherwise. */
export function validateProtocol(errs: FieldErrors, field: string, protocol: string | undefined): void {
  if (protocol === undefined || protocol === '') errs.required(field);
  else if (!(PORT_PROTOCOLS as readonly string[]).includes(protocol))
    errs.notSupported(field, protocol, PORT_PROTOCOLS);
}

export function validatePortNumber(errs: FieldErrors, field: string, port: number): void {
  errs.invalidEach(field, port, isValidPortNum(port));
}

/** ValidateLabels: keys with IsQualifiedName, values with IsValidLabelValue, all reported on the map's path. */
export function validateLabels(
  errs: FieldErrors,
  field: string,
  labels: Readonly<Record<string, string>>,
): void {
  for (const [key, value] of Object.entries(labels)) {
    errs.invalidEach(field, key, isQualifiedName(key));
    errs.invalidEach(field, value, isValidLabelValue(value));
  }
}

export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

/** ValidateAnnotationsSize: keys and values together, in bytes. */
export function annotationsSizeError(annotations: Readonly<Record<string, string>>): string | undefined {
  let total = 0;
  for (const [key, value] of Object.entries(annotations)) total += byteLength(key) + byteLength(value);
  return total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES
    ? `annotations size ${total} is larger than limit ${TOTAL_ANNOTATION_SIZE_LIMIT_BYTES}`
    : undefined;
}

/** ValidateAnnotations: keys are checked lower-cased (so `Example.com/Key` passes), then the total size. */
export function validateAnnotations(
  errs: FieldErrors,
  field: string,
  annotations: Readonly<Record<string, string>>,
): void {
  for (const key of Object.keys(annotations))
    errs.invalidEach(field, key, isQualifiedName(key.toLowerCase()));
  if (annotationsSizeError(annotations) !== undefined) errs.tooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES);
}
