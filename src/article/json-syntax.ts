/**
 * Where a JSON text first goes wrong. V8's JSON.parse messages only sometimes carry a position
 * (and sometimes quote the raw input instead), so a CMS developer would get an unhelpful answer;
 * this small validator finds the offset itself. Only called after JSON.parse has already failed.
 */
export interface JsonSyntaxProblem {
  /** 0-based offset in UTF-16 units. */
  position: number;
  line: number;
  column: number;
  reason: string;
}

/** Keeps the recursion far from the stack limit on hostile input. */
const MAX_DEPTH = 512;

class Stop {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {}
}

function describe(ch: string | undefined): string {
  return ch === undefined ? 'end of input' : `character ${JSON.stringify(ch)}`;
}

export function locateJsonSyntaxError(raw: string): JsonSyntaxProblem {
  let i = 0;
  const n = raw.length;
  const fail = (reason: string): never => {
    throw new Stop(i, reason);
  };
  const unexpected = (): never => fail(`unexpected ${describe(raw[i])}`);
  const ws = (): void => {
    while (i < n && (raw[i] === ' ' || raw[i] === '\t' || raw[i] === '\n' || raw[i] === '\r')) i++;
  };
  const expectChar = (ch: string): void => {
    if (raw[i] !== ch) fail(`expected '${ch}' but found ${describe(raw[i])}`);
    i++;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (raw[i] !== ch) unexpected();
      i++;
    }
  };
  const digits = (): void => {
    if (!(raw[i] !== undefined && raw[i]! >= '0' && raw[i]! <= '9')) unexpected();
    while (i < n && raw[i]! >= '0' && raw[i]! <= '9') i++;
  };
  const number = (): void => {
    if (raw[i] === '-') i++;
    if (raw[i] === '0') i++;
    else digits();
    if (raw[i] === '.') {
      i++;
      digits();
    }
    if (raw[i] === 'e' || raw[i] === 'E') {
      i++;
      if (raw[i] === '+' || raw[i] === '-') i++;
      digits();
    }
  };
  const string = (): void => {
    expectChar('"');
    for (;;) {
      const ch = raw[i];
      if (ch === undefined) fail('unterminated string');
      if (ch === '"') {
        i++;
        return;
      }
      if (ch! < ' ') fail('control character in string (escape it)');
      if (ch === '\\') {
        i++;
        const esc = raw[i];
        if (esc === 'u') {
          i++;
          for (let k = 0; k < 4; k++) {
            if (!/[0-9a-fA-F]/.test(raw[i] ?? '')) fail('bad \\u escape');
            i++;
          }
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i++;
        else fail('bad escape');
      } else i++;
    }
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} levels deep`);
    ws();
    const ch = raw[i];
    if (ch === '{') {
      i++;
      ws();
      if (raw[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (raw[i] !== '"') fail(`expected a property name in double quotes but found ${describe(raw[i])}`);
        string();
        ws();
        expectChar(':');
        value(depth + 1);
        ws();
        if (raw[i] === ',') i++;
        else if (raw[i] === '}') {
          i++;
          return;
        } else fail(`expected ',' or '}' but found ${describe(raw[i])}`);
      }
    } else if (ch === '[') {
      i++;
      ws();
      if (raw[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (raw[i] === ',') i++;
        else if (raw[i] === ']') {
          i++;
          return;
        } else fail(`expected ',' or ']' but found ${describe(raw[i])}`);
      }
    } else if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) number();
    else unexpected();
  };

  let stop: Stop;
  try {
    value(0);
    ws();
    if (i < n) fail(`unexpected ${describe(raw[i])} after the end of the JSON value`);
    stop = new Stop(n, 'invalid JSON');
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    stop = e;
  }
  const before = raw.slice(0, stop.position);
  const lineStart = before.lastIndexOf('\n') + 1;
  return {
    position: stop.position,
    line: before.split('\n').length,
    column: stop.position - lineStart + 1,
    reason: stop.reason,
  };
}
