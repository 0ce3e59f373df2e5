/**
 * Where an alert sends an editor. PUBLIC_URL is the address people reach crier at (behind a
 * proxy it differs from HOST:PORT); without it the link is a path, which still says which post.
 */
export function postLink(publicUrl: string | undefined, postId: string): string {
  return `${(publicUrl ?? '').replace(/\/+$/, '')}/v1/posts/${encodeURIComponent(postId)}`;
}

export function accountLink(publicUrl: string | undefined): string {
  return `${(publicUrl ?? '').replace(/\/+$/, '')}/readyz`;
}
