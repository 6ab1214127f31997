import { LineCounter, parseDocument } from 'yaml';
import type { PolicyDocument } from '../workflows/policy';
import { PolicyValidationError, validatePolicyDocument, type PolicyIssue } from './validate-policy';

/** How a policy text is written; detected from the text when not given. */
export type PolicyTextFormat = 'json' | 'yaml';

/** JSON when the first non-blank character opens an object or array; YAML (whose superset JSON is) otherwise. */
export function detectPolicyFormat(text: string): PolicyTextFormat {
  const first = /\S/.exec(text)?.[0];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: before.length - lineStart + 1 };
}

function parseError(text: string, offset: number, message: string, format: PolicyTextFormat): PolicyValidationError {
  const { line, column } = positionOf(text, offset);
  const issue: PolicyIssue = { path: '', message: `line ${line}, column ${column}: ${message}`, line, column };
  return new PolicyValidationError([issue], `policy ${format === 'json' ? 'JSON' : 'YAML'}`);
}

/**
 * Finds the first syntax error of a JSON text, and duplicate keys (which JSON.parse resolves
 * silently to the last one, hiding e.g. a second `targets` block). JSON.parse's own messages
 * carry no position for many errors on Node 20 ("Unexpected token '}', ... is not valid JSON"), and
 * a person fixing a policy file needs the line.
 */
function jsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  class Stop {
    constructor(
      readonly offset: number,
      readonly message: string,
    ) {}
  }
  const fail = (message: string, at = i): never => {
    throw new Stop(at, message);
  };
  const skipBlank = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const describe = () => (i < text.length ? `unexpected ${JSON.stringify(text[i])}` : 'unexpected end of text');

  const string = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail('control character in a string: escape it');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('\\u must be followed by four hex digits');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('invalid escape in a string');
      }
      i++;
    }
    if (i >= text.length) fail('unterminated string', start);
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };

  const value = (depth: number): void => {
    // A policy is a handful of levels deep; a limit keeps a hostile text from exhausting the stack.
    if (depth > 64) fail('nested too deeply');
    skipBlank();
    const c = text[i];
    if (c === '{') {
      i++;
      const keys = new Set<string>();
      skipBlank();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipBlank();
        if (text[i] !== '"') fail(`${describe()}: expected a property name in double quotes`);
        const keyAt = i;
        const key = string();
        if (keys.has(key)) fail(`duplicate key ${JSON.stringify(key)}`, keyAt);
        keys.add(key);
        skipBlank();
        if (text[i] !== ':') fail(`${describe()}: expected ':' after a property name`);
        i++;
        value(depth + 1);
        skipBlank();
        if (text[i] === '}') break;
        if (text[i] !== ',') fail(`${describe()}: expected ',' or '}'`);
        i++;
      }
      i++;
      return;
    }
    if (c === '[') {
      i++;
      skipBlank();
      if (text[i] !== ']') {
        for (;;) {
          value(depth + 1);
          skipBlank();
          if (text[i] === ']') break;
          if (text[i] !== ',') fail(`${describe()}: expected ',' or ']'`);
          i++;
        }
      }
      i++;
      return;
    }
    if (c === '"') {
      string();
      return;
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) fail(`${describe()}: expected a value`);
    i += literal![0].length;
    if (i < text.length && /[\w.+-]/.test(text[i])) fail(`${describe()}: not a valid value`);
  };

  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value(0);
    skipBlank();
    if (i < text.length) fail(`${describe()} after the end of the document`);
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return { offset: error.offset, message: error.message };
    throw error;
  }
}

function parseJson(text: string): unknown {
  const problem = jsonSyntaxError(text);
  if (problem) throw parseError(text, problem.offset, problem.message, 'json');
  return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
}

function parseYaml(text: string): unknown {
  const lineCounter = new LineCounter();
  // YAML 1.2 (the package's default): '09:00' and '2026-04-13' stay strings, as the model wants.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [first] = document.errors;
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    const issue: PolicyIssue = { path: '', message: `line ${line}, column ${col}: ${first.message}`, line, column: col };
    const more = document.errors.slice(1).map((error): PolicyIssue => {
      const position = lineCounter.linePos(error.pos[0]);
      return { path: '', message: `line ${position.line}, column ${position.col}: ${error.message}`, line: position.line, column: position.col };
    });
    throw new PolicyValidationError([issue, ...more], 'policy YAML');
  }
  try {
    // Aliases are bounded so a small text cannot expand into a huge document.
    return document.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    throw new PolicyValidationError([{ path: '', message: (error as Error).message }], 'policy YAML');
  }
}

/** The data of a JSON or YAML policy text, not yet validated; a syntax error names its line and column. */
export function parsePolicyText(text: string, format: PolicyTextFormat = detectPolicyFormat(text)): unknown {
  if (text.trim() === '' || text.trim() === '\uFEFF') {
    throw new PolicyValidationError([{ path: '', message: 'the text is empty: expected a policy document in JSON or YAML' }]);
  }
  return format === 'json' ? parseJson(text) : parseYaml(text);
}

/** Parses (JSON or YAML, detected unless `format` is given) and validates a policy document. */
export function loadPolicyDocument(text: string, format?: PolicyTextFormat): PolicyDocument {
  return validatePolicyDocument(parsePolicyText(text, format));
}
