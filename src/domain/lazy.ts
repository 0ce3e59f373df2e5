/**
 * A value built on its first use and kept. For what many processes import but few need, such as
 * the ACCOUNTS_FILE schema: zod schemas cost start-up time to build, and `crier render` with no
 * accounts file should not pay for one.
 */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
