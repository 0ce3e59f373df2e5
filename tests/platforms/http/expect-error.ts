import { expect } from 'vitest';

/** Awaits a promise that must reject, and returns the error for exact assertions on class and message. */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

export async function expectRejects(
  p: Promise<unknown>,
  type: abstract new (...args: never[]) => Error,
  message?: string | RegExp,
): Promise<Error> {
  const err = await rejection(p);
  expect(err).toBeInstanceOf(type);
  if (typeof message === 'string') expect(err.message).toBe(message);
  else if (message) expect(err.message).toMatch(message);
  return err;
}
