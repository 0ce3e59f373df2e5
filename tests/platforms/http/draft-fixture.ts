// The one set of builders is tests/helpers/builders.ts; this name stays for the tests that import it from here.
export { storyDraft as draftFor } from '../../helpers/builders.js';
