/**
 * Feed dates as publishers really write them: RFC 822 (RSS, with named or numeric zones, with or
 * without the weekday, two- or four-digit years) and ISO 8601 (Atom, JSON Feed). A date without a
 * zone is read as UTC, not as the server's local time, so the same feed means the same instant on
 * every worker. Anything unreadable is undefined: a bad date never drops an item, it only loses its age.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 822 §5.1 zone names, in minutes east of UTC. Military letters other than Z are too ambiguous to trust. */
const NAMED_ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
};

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const RFC822 = /^(?:[a-z]{3,9},?\s*)?(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([a-z]+|[+-]\d{2}:?\d{2})?$/i;

function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === '') return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  return NAMED_ZONES[zone.toLowerCase()];
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, offset: number): Date | undefined {
  if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, month, day, hour, minute, Math.min(second, 59)) - offset * 60_000;
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

export function parseFeedDate(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;

  const iso = ISO.exec(text);
  if (iso) {
    const offset = offsetMinutes(iso[8]);
    if (offset === undefined) return undefined;
    const date = utc(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), Number(iso[4] ?? 0), Number(iso[5] ?? 0), Number(iso[6] ?? 0), offset);
    if (date && iso[7]) date.setTime(date.getTime() + Math.round(Number(iso[7]) * 1000));
    return date;
  }

  const rfc = RFC822.exec(text);
  if (rfc) {
    const month = MONTHS.indexOf(rfc[2]!.toLowerCase());
    const offset = offsetMinutes(rfc[7]);
    if (month < 0 || offset === undefined) return undefined;
    let year = Number(rfc[3]);
    // RFC 822 allowed two-digit years; RFC 2822 reads 00-49 as 20xx.
    if (rfc[3]!.length === 2) year += year < 50 ? 2000 : 1900;
    return utc(year, month, Number(rfc[1]), Number(rfc[4]), Number(rfc[5]), Number(rfc[6] ?? 0), offset);
  }
  return undefined;
}
