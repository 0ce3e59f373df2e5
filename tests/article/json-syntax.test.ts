import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from '../../src/article/json-syntax.js';

describe('locateJsonSyntaxError', () => {
  it.each([
    ['{"a":}', 5, 'unexpected character "}"'],
    ['{"a":1', 6, "expected ',' or '}' but found end of input"],
    ['{"a":1}x', 7, 'unexpected character "x" after the end of the JSON value'],
    ['[1,,2]', 3, 'unexpected character ","'],
    ["{'a':1}", 1, `expected a property name in double quotes but found character "'"`],
    ['{"a":"x\ny"}', 7, 'control character in string (escape it)'],
    ['{"a":"\\q"}', 7, 'bad escape'],
    ['{"a":01}', 6, "expected ',' or '}' but found character \"1\""],
    ['{"a":"open', 10, 'unterminated string'],
  ])('%j fails at %i', (raw, position, reason) => {
    expect(JSON.parse.bind(null, raw)).toThrow();
    expect(locateJsonSyntaxError(raw)).toMatchObject({ position, reason });
  });

  it('counts lines and columns from 1', () => {
    expect(locateJsonSyntaxError('{\n  "a": 1,\n  "b": ?\n}')).toMatchObject({ line: 3, column: 8, position: 19 });
  });

  it('does not overflow the stack on deeply nested input', () => {
    expect(locateJsonSyntaxError('['.repeat(100_000)).reason).toBe('nested more than 512 levels deep');
  });

  it('places the error where a prefix of valid JSON stops being valid', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), (json, cut) => {
        const at = cut % (json.length + 1);
        const broken = json.slice(0, at) + '\u0001' + json.slice(at);
        const where = locateJsonSyntaxError(broken);
        expect(where.position).toBeLessThanOrEqual(at);
      }),
      { numRuns: 200, seed: 20261201 },
    );
  });
});
