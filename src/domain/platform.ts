/** Platform ids are a public contract (DESIGN.md, "Platform ids"). */
export const PLATFORM_IDS = [
  'x',
  'bluesky',
  'mastodon',
  'threads',
  'linkedin',
  'telegram',
  'discord',
  'slack',
  'webhook',
  'matrix',
] as const;

export type PlatformId = (typeof PLATFORM_IDS)[number];

export function isPlatformId(value: string): value is PlatformId {
  return (PLATFORM_IDS as readonly string[]).includes(value);
}
