/**
 * Parse options for a schema a process parses once (settings, rule files, the accounts and feeds
 * files). zod compiles an object schema's fast path on its first parse, a few milliseconds per
 * object; that pays back over many parses (the intake's articles), never over one.
 */
export const PARSED_ONCE = { jitless: true } as const;
