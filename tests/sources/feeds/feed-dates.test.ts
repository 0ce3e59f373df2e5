import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../../src/sources/feeds/feed-dates.js';

const iso = (raw: string) => parseFeedDate(raw)?.toISOString();

describe('parseFeedDate', () => {
  it('reads RFC 822 dates with numeric and named zones, without weekday or seconds, and two-digit years', () => {
    expect(iso('Mon, 25 Aug 2025 06:00:00 +0000')).toBe('2025-08-25T06:00:00.000Z');
    expect(iso('Mon, 25 Aug 2025 11:00:00 +0500')).toBe('2025-08-25T06:00:00.000Z');
    expect(iso('Mon, 25 Aug 2025 06:00:00 GMT')).toBe('2025-08-25T06:00:00.000Z');
    expect(iso('Mon, 25 Aug 2025 02:00:00 EDT')).toBe('2025-08-25T06:00:00.000Z');
    expect(iso('Mon, 25 Aug 2025 01:00:00 EST')).toBe('2025-08-25T06:00:00.000Z');
    expect(iso('25 Aug 2025 06:00 UT')).toBe('2025-08-25T06:00:00.000Z');
    expect(iso('Mon, 25 Aug 25 06:00:00 Z')).toBe('2025-08-25T06:00:00.000Z');
    expect(iso('Monday, 25 August 2025 06:00:00 -03:30')).toBe('2025-08-25T09:30:00.000Z');
    expect(iso('Mon, 5 Aug 2025 6:00:00 +0000')).toBe('2025-08-05T06:00:00.000Z');
  });

  it('reads a date without a zone as UTC, never as the server’s local time', () => {
    expect(iso('Mon, 25 Aug 2025 06:00:00')).toBe('2025-08-25T06:00:00.000Z');
    expect(iso('2025-08-25T06:00:00')).toBe('2025-08-25T06:00:00.000Z');
    expect(iso('2025-08-25 06:00')).toBe('2025-08-25T06:00:00.000Z');
    expect(iso('2025-08-25')).toBe('2025-08-25T00:00:00.000Z');
  });

  it('reads ISO 8601 with zones and fractions', () => {
    expect(iso('2025-08-25T06:00:00Z')).toBe('2025-08-25T06:00:00.000Z');
    expect(iso('2025-08-25T08:00:00+02:00')).toBe('2025-08-25T06:00:00.000Z');
    expect(iso('2025-08-25T01:00:00-0500')).toBe('2025-08-25T06:00:00.000Z');
    expect(iso('2025-08-25T06:00:00.250Z')).toBe('2025-08-25T06:00:00.250Z');
  });

  it('gives undefined for what is not a date, so the item only loses its age', () => {
    for (const raw of [undefined, '', 'yesterday', 'Mon, 25 Foo 2025 06:00:00 GMT', '2025-13-01T00:00:00Z', '25 Aug 2025 06:00:00 XYZ']) {
      expect(parseFeedDate(raw), String(raw)).toBeUndefined();
    }
  });

  it('round-trips any instant written as RFC 822 (toUTCString) or ISO, with any whole-minute offset', () => {
    const instant = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));
    fc.assert(
      fc.property(instant, fc.integer({ min: -12 * 60, max: 14 * 60 }), (date, offset) => {
        expect(parseFeedDate(date.toUTCString())?.getTime()).toBe(date.getTime());
        const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19);
        const sign = offset < 0 ? '-' : '+';
        const zone = `${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
        expect(parseFeedDate(`${local}${zone}`)?.getTime()).toBe(date.getTime());
      }),
      { seed: 1101, numRuns: 300 },
    );
  });
});
