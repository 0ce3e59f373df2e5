/**
 * What `{% part %}` writes into rendered output. A private-use character: article text is
 * cleaned of control characters at intake, and an editor cannot type it by accident.
 */
export const PART_MARKER = '\uE000';
