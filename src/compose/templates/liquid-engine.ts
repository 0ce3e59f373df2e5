import { Liquid } from 'liquidjs';
import { toHashtag } from '../hashtags.js';
import { joinSentences, splitSentences } from '../sentences.js';
import { PART_MARKER } from './part-marker.js';

function joinNames(value: unknown, conjunction: unknown = 'and'): string {
  if (!Array.isArray(value)) return typeof value === 'string' ? value : '';
  const names = value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${String(conjunction)} ${names[names.length - 1]}`;
}

/**
 * One Liquid engine for all templates. Strict variables and filters make a typo in a template
 * (`{{ headlin }}`) an error at start-up instead of an empty gap in a published post.
 * No file system access at render time: partials are resolved from `root` at parse time only.
 */
export function createLiquidEngine(root: string): Liquid {
  const engine = new Liquid({
    root,
    partials: root,
    extname: '.liquid',
    strictVariables: true,
    strictFilters: true,
    lenientIf: true,
    ownPropertyOnly: true,
    cache: true,
  });
  engine.registerTag('part', {
    render(_ctx, emitter) {
      emitter.write(PART_MARKER);
    },
  });
  engine.registerFilter('hashtag', (tag: unknown) => (typeof tag === 'string' ? (toHashtag(tag) ?? '') : ''));
  engine.registerFilter('join_names', joinNames);
  engine.registerFilter('first_sentences', (text: unknown, count: unknown = 1) => {
    if (typeof text !== 'string') return '';
    const n = typeof count === 'number' && count > 0 ? Math.floor(count) : 1;
    return joinSentences(splitSentences(text).slice(0, n));
  });
  return engine;
}
