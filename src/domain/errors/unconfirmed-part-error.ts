import { AmbiguousOutcomeError } from './ambiguous-outcome-error.js';

/**
 * An earlier attempt at this part may have been posted, and the platform offers no way to make the
 * retry safe or to look it up: only an editor can tell. Still an ambiguous outcome, but retrying is
 * pointless, so the pipeline fails the post at once with this reason.
 */
export class UnconfirmedPartError extends AmbiguousOutcomeError {}
