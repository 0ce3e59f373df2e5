/**
 * Ghost 5 webhook bodies in the shape Ghost sends them (`{ post: { current, previous } }`, the post
 * as the Admin API serialises it; `previous` holds only the fields that changed).
 */

export const publishedPost = {
  id: '68ac1f0e5b7d2a0001a4c3e1',
  uuid: '2f1b6f0e-9d1c-4a57-9a43-1b2b7f0c9e55',
  title: 'Beijing Backs Islamabad’s CPEC Push & Pledges “Ironclad” Support',
  slug: 'beijing-backs-islamabad',
  html: '<p>China on Monday pledged “ironclad” support for the corridor.</p><figure class="kg-card kg-image-card"><img src="https://ledger.ghost.io/content/images/2025/08/talks.jpg" class="kg-image" alt="Talks"></figure><p>The talks covered rail and power.</p>',
  comment_id: '68ac1f0e5b7d2a0001a4c3e1',
  feature_image: 'https://ledger.ghost.io/content/images/2025/08/ministers.jpg',
  feature_image_alt: 'Foreign ministers shake hands in Beijing',
  feature_image_caption: null,
  featured: false,
  status: 'published',
  visibility: 'public',
  created_at: '2025-08-25T05:40:12.000Z',
  updated_at: '2025-08-25T06:00:01.000Z',
  published_at: '2025-08-25T06:00:00.000Z',
  custom_excerpt: 'China pledges support for the corridor’s second phase.',
  codeinjection_head: null,
  codeinjection_foot: null,
  custom_template: null,
  canonical_url: null,
  email_only: false,
  newsletter: null,
  tags: [
    { id: '64f0a1', name: 'South Asia', slug: 'south-asia', visibility: 'public', url: 'https://ledger.ghost.io/tag/south-asia/' },
    { id: '64f0a2', name: 'CPEC', slug: 'cpec', visibility: 'public', url: 'https://ledger.ghost.io/tag/cpec/' },
    { id: '64f0a3', name: '#breaking-desk', slug: 'hash-breaking-desk', visibility: 'internal', url: 'https://ledger.ghost.io/404/' },
  ],
  authors: [{ id: '1', name: 'Ayesha Khan', slug: 'ayesha', url: 'https://ledger.ghost.io/author/ayesha/' }],
  primary_author: { id: '1', name: 'Ayesha Khan', slug: 'ayesha' },
  primary_tag: { id: '64f0a1', name: 'South Asia', slug: 'south-asia', visibility: 'public' },
  url: 'https://ledger.ghost.io/beijing-backs-islamabad/',
  excerpt: 'China pledges support for the corridor’s second phase.',
  reading_time: 2,
  og_image: null,
  twitter_image: null,
  meta_title: null,
  meta_description: null,
  frontmatter: null,
};

export const ghostBodies = {
  'post.published': { post: { current: publishedPost, previous: { status: 'draft', published_at: null, updated_at: '2025-08-25T05:59:40.000Z' } } },
  'post.published.edited': {
    post: {
      current: { ...publishedPost, title: 'Beijing Backs Islamabad’s CPEC Push, Pledges Support', updated_at: '2025-08-25T07:12:00.000Z' },
      previous: { title: publishedPost.title, updated_at: publishedPost.updated_at },
    },
  },
  'post.unpublished': {
    post: { current: { ...publishedPost, status: 'draft', updated_at: '2025-08-25T08:00:00.000Z' }, previous: { status: 'published', updated_at: '2025-08-25T07:12:00.000Z' } },
  },
  'post.deleted': { post: { current: {}, previous: publishedPost } },
  'post.scheduled': {
    post: { current: { ...publishedPost, status: 'scheduled', published_at: '2025-08-26T06:00:00.000Z' }, previous: { status: 'draft', published_at: null } },
  },
  'post.added': { post: { current: { ...publishedPost, status: 'draft', published_at: null, url: 'https://ledger.ghost.io/p/2f1b6f0e/' }, previous: {} } },
  members: { post: { current: { ...publishedPost, visibility: 'members' }, previous: { status: 'draft' } } },
  paid: { post: { current: { ...publishedPost, visibility: 'paid' }, previous: { status: 'draft' } } },
  'email-only': { post: { current: { ...publishedPost, status: 'sent', email_only: true }, previous: { status: 'draft' } } },
  'page.published': { page: { current: { ...publishedPost, id: '68ac20aa5b7d2a0001a4c3f0', title: 'About the Ledger', url: 'https://ledger.ghost.io/about/' }, previous: { status: 'draft' } } },
} as const;
