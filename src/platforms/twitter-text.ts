import { createRequire } from 'node:module';
import type * as TwitterText from 'twitter-text';
import { lazy } from '../domain/lazy.js';

/** The part of twitter-text crier calls. */
type TwitterTextUse = Pick<typeof TwitterText, 'parseTweet' | 'extractHashtags' | 'extractUrlsWithIndices' | 'extractEntitiesWithIndices'>;

/**
 * Each twitter-text function crier calls comes from its own file, loaded on its first call. The
 * package's index requires all ~130 of its modules and ~100 core-js polyfills (about 20 ms of
 * start-up), and every process imports the platforms' counting rules while only composing
 * processes count. Each file's module.exports is the function itself, as the index re-exports it.
 *
 * Run from the sources, an ES module has no `require`, and createRequire loads the file from
 * node_modules. The bundle (scripts/bundle.mjs) has one, and holds its own copy of each file a
 * literal `require()` below names, run on that first call too: 145 files fewer to open at start-up.
 */
const fromNodeModules = typeof require === 'function' ? undefined : createRequire(import.meta.url);

const parseTweet = lazy(
  () => (fromNodeModules?.('twitter-text/dist/parseTweet.js') ?? require('twitter-text/dist/parseTweet.js')) as TwitterTextUse['parseTweet'],
);
const extractHashtags = lazy(
  () => (fromNodeModules?.('twitter-text/dist/extractHashtags.js') ?? require('twitter-text/dist/extractHashtags.js')) as TwitterTextUse['extractHashtags'],
);
const extractUrlsWithIndices = lazy(
  () =>
    (fromNodeModules?.('twitter-text/dist/extractUrlsWithIndices.js') ??
      require('twitter-text/dist/extractUrlsWithIndices.js')) as TwitterTextUse['extractUrlsWithIndices'],
);
const extractEntitiesWithIndices = lazy(
  () =>
    (fromNodeModules?.('twitter-text/dist/extractEntitiesWithIndices.js') ??
      require('twitter-text/dist/extractEntitiesWithIndices.js')) as TwitterTextUse['extractEntitiesWithIndices'],
);

export const twitterText: TwitterTextUse = {
  parseTweet: (text, options) => parseTweet()(text, options),
  extractHashtags: (text) => extractHashtags()(text),
  extractUrlsWithIndices: (text, options) => extractUrlsWithIndices()(text, options),
  extractEntitiesWithIndices: (text) => extractEntitiesWithIndices()(text),
};
