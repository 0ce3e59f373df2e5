import { describe, expect, it } from 'vitest';
import { NewsroomTime } from '../../src/dashboard/newsroom-time.js';

describe('newsroom time', () => {
  it('reads a datetime-local value in the newsroom’s zone, across daylight saving', () => {
    const london = new NewsroomTime('Europe/London');
    expect(london.fromLocalInput('2026-07-01T12:00')).toBe('2026-07-01T11:00:00.000Z'); // BST
    expect(london.fromLocalInput('2026-12-01T12:00')).toBe('2026-12-01T12:00:00.000Z'); // GMT
    // 01:30 on 29 March does not exist in London (01:00 → 02:00): it means 02:30 BST.
    expect(london.fromLocalInput('2026-03-29T01:30')).toBe('2026-03-29T01:30:00.000Z');
    // 01:30 on 25 October happens twice: the second time (GMT).
    expect(london.fromLocalInput('2026-10-25T01:30')).toBe('2026-10-25T01:30:00.000Z');
    expect(new NewsroomTime('Asia/Karachi').fromLocalInput('2026-12-01T09:30')).toBe('2026-12-01T04:30:00.000Z');
    expect(new NewsroomTime('Asia/Kathmandu').fromLocalInput('2026-12-01T09:30')).toBe('2026-12-01T03:45:00.000Z');
    expect(new NewsroomTime('America/New_York').fromLocalInput('2026-12-01T09:30:15')).toBe('2026-12-01T14:30:15.000Z');
  });

  it('refuses what is not a date-time', () => {
    const t = new NewsroomTime('UTC');
    for (const bad of ['', 'tomorrow', '2026-02-30T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '2026-01-01 10:00', '2026-01-01T10:60']) {
      expect(t.fromLocalInput(bad), bad).toBeUndefined();
    }
  });

  it('shows an instant as the zone’s wall clock and round-trips the picker value', () => {
    const karachi = new NewsroomTime('Asia/Karachi');
    expect(karachi.toLocalInput('2030-01-15T04:30:00.000Z')).toBe('2030-01-15T09:30');
    expect(karachi.format('2030-01-15T04:30:00.000Z')).toBe('15 Jan 2030, 09:30');
    expect(karachi.fromLocalInput(karachi.toLocalInput('2030-01-15T04:30:00.000Z'))).toBe('2030-01-15T04:30:00.000Z');
    expect(karachi.format(undefined)).toBe('');
  });

  it('says how long until or since', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(NewsroomTime.relative('2026-12-01T14:05:00Z', now)).toBe('in 2 h 5 min');
    expect(NewsroomTime.relative('2026-12-01T11:57:00Z', now)).toBe('3 min ago');
    expect(NewsroomTime.relative('2026-12-03T13:00:00Z', now)).toBe('in 2 d 1 h');
    expect(NewsroomTime.relative('2026-12-01T12:00:20Z', now)).toBe('now');
  });
});
