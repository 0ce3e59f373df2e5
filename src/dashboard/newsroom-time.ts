/**
 * Times as the newsroom reads them: shown in its time zone (NEWSROOM_TIMEZONE) and typed into
 * `<input type="datetime-local">`, which has no zone of its own. Intl does the zone arithmetic, so
 * daylight-saving changes follow the IANA database Node ships with.
 */
export class NewsroomTime {
  private readonly parts: Intl.DateTimeFormat;
  private readonly display: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    this.display = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  }

  /** "1 Dec 2026, 21:05" in the newsroom's zone. */
  format(iso: string | undefined): string {
    if (!iso) return '';
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? '' : this.display.format(ms);
  }

  /** The value a datetime-local input shows for this instant: "2026-12-01T21:05". */
  toLocalInput(iso: string | undefined): string {
    if (!iso) return '';
    const f = this.fields(Date.parse(iso));
    return `${f.year}-${f.month}-${f.day}T${f.hour}:${f.minute}`;
  }

  /**
   * The instant a datetime-local value means in the newsroom's zone, as UTC ISO; undefined when the
   * value is not a date-time. A wall time skipped by a daylight-saving jump resolves to the
   * instant an hour later; a repeated one to its second occurrence.
   */
  fromLocalInput(value: string): string | undefined {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
    if (!m) return undefined;
    const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
    const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
    const check = new Date(wall);
    if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day! || hour! > 23 || minute! > 59) return undefined;
    // Two rounds of "guess, see how far off the zone's wall clock is, correct" settle any offset.
    let guess = wall - this.offsetMs(wall);
    guess = wall - this.offsetMs(guess);
    return new Date(guess).toISOString();
  }

  /** "in 2 h 5 min", "3 min ago", "now": how long until (or since) an instant. */
  static relative(iso: string | undefined, now: number): string {
    if (!iso) return '';
    const diff = Date.parse(iso) - now;
    const minutes = Math.round(Math.abs(diff) / 60_000);
    if (minutes === 0) return 'now';
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const mins = minutes % 60;
    const span = [days ? `${days} d` : '', hours ? `${hours} h` : '', mins && !days ? `${mins} min` : ''].filter(Boolean).join(' ');
    return diff > 0 ? `in ${span}` : `${span} ago`;
  }

  private fields(ms: number): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
    const out: Record<string, string> = {};
    for (const p of this.parts.formatToParts(ms)) if (p.type !== 'literal') out[p.type] = p.value;
    return out as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>;
  }

  /** How far the zone's wall clock is ahead of UTC at `ms`. */
  private offsetMs(ms: number): number {
    const f = this.fields(ms);
    const asUtc = Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute), Number(f.second));
    return asUtc - Math.floor(ms / 1000) * 1000;
  }
}
