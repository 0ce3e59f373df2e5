import { createRequire } from 'node:module';
import type * as TwitterText from 'twitter-text';
import { lazy } from '../domain/lazy.js';

/** The part of twitter-text crier calls. */
type TwitterTextUse = Pick<typeof TwitterText, 'parseTweet' | 'extractHashtags' | 'extractUrlsWithIndices' | 'extractEntitiesWithIndices'>;

const load = createRequire(import.meta.url);

/**
 * One twitter-text function from its own file, loaded on its first call. The package's index
 * requires all ~130 of its modules and ~100 core-js polyfills (about 20 ms of start-up), and
 * every process imports the platforms' counting rules while only composing processes count.
 * Each file's module.exports is the function itself, as the index re-exports it.
 */
function own<K extends keyof TwitterTextUse>(name: K): () => TwitterTextUse[K] {
  return lazy(() => load(`twitter-text/dist/${name}.js`) as TwitterTextUse[K]);
}

const parseTweet = own('parseTweet');
const extractHashtags = own('extractHashtags');
const extractUrlsWithIndices = own('extractUrlsWithIndices');
const extractEntitiesWithIndices = own('extractEntitiesWithIndices');

export const twitterText: TwitterTextUse = {
  parseTweet: (text, options) => parseTweet()(text, options),
  extractHashtags: (text) => extractHashtags()(text),
  extractUrlsWithIndices: (text, options) => extractUrlsWithIndices()(text, options),
  extractEntitiesWithIndices: (text) => extractEntitiesWithIndices()(text),
};
