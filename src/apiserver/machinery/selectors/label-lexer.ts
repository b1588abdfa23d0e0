/**
 * The label selector lexer of k8s.io/apimachinery/pkg/labels (selector.go): identifiers run until
 * whitespace or one of `=!(),<>`; symbol runs are cut at the longest operator they start with.
 */

export type TokenKind =
  | 'Error'
  | 'EndOfString'
  | 'ClosedPar'
  | 'Comma'
  | 'DoesNotExist'
  | 'DoubleEquals'
  | 'Equals'
  | 'GreaterThan'
  | 'Identifier'
  | 'In'
  | 'LessThan'
  | 'NotEquals'
  | 'NotIn'
  | 'OpenPar';

export interface Token {
  readonly kind: TokenKind;
  readonly literal: string;
}

const KEYWORDS: Readonly<Record<string, TokenKind>> = {
  ')': 'ClosedPar',
  ',': 'Comma',
  '!': 'DoesNotExist',
  '==': 'DoubleEquals',
  '=': 'Equals',
  '>': 'GreaterThan',
  in: 'In',
  '<': 'LessThan',
  '!=': 'NotEquals',
  notin: 'NotIn',
  '(': 'OpenPar',
};

const keyword = (text: string): TokenKind | undefined =>
  Object.hasOwn(KEYWORDS, text) ? KEYWORDS[text] : undefined;

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string): boolean => '=!(),><'.includes(ch) && ch !== '';

/** Splits a selector into tokens, ending with one EndOfString token. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && isWhitespace(text.charAt(pos))) pos++;
    if (pos >= text.length) break;
    const scan = isSpecialSymbol(text.charAt(pos)) ? scanSymbol(text, pos) : scanWord(text, pos);
    tokens.push(scan.token);
    pos = scan.end;
  }
  tokens.push({ kind: 'EndOfString', literal: '' });
  return tokens;
}

interface Scan {
  readonly token: Token;
  readonly end: number;
}

function scanWord(text: string, start: number): Scan {
  let end = start;
  while (end < text.length && !isSpecialSymbol(text.charAt(end)) && !isWhitespace(text.charAt(end))) end++;
  const literal = text.slice(start, end);
  return { token: { kind: keyword(literal) ?? 'Identifier', literal }, end };
}

/** Longest operator wins: `!=` over `!`, but `=!` is `=` then `!`. */
function scanSymbol(text: string, start: number): Scan {
  let best: Scan | undefined;
  for (let end = start + 1; end <= text.length && isSpecialSymbol(text.charAt(end - 1)); end++) {
    const literal = text.slice(start, end);
    const kind = keyword(literal);
    if (kind !== undefined) best = { token: { kind, literal }, end };
    else if (best !== undefined) break;
  }
  return best ?? { token: { kind: 'Error', literal: '' }, end: start + 1 };
}
