export type Priority = 'normal' | 'breaking';

export interface ArticleImage {
  url: string;
  alt: string;
}

/**
 * An article after intake: every text field is clean, NFC-normalised plain text.
 * `paragraphs` is the body split into paragraphs; `revision` is the CMS's revision
 * or, when it sent none, a hash of the content, so that (id, revision) identifies one version.
 */
export interface Article {
  id: string;
  url: string;
  headline: string;
  summary?: string;
  paragraphs: string[];
  section?: string;
  tags: string[];
  authors: string[];
  language?: string;
  publishedAt?: string;
  revision: string;
  priority: Priority;
  image?: ArticleImage;
  /** Set when this revision corrects one that went out: the text of the correction note. */
  correction?: string;
}

export const WITHDRAWN_STATUSES = ['unpublished', 'deleted'] as const;
export type WithdrawnStatus = (typeof WITHDRAWN_STATUSES)[number];

/**
 * What one incoming event says about an article: a (new) version of it is published, or it was
 * taken down. Every source (the generic intake, feeds, Ghost, WordPress) produces these; the
 * lifecycle decides what they mean for the article's posts.
 */
export type ArticleEvent =
  | {
      kind: 'publish';
      article: Article;
      /**
       * Only these accounts (`platform/name`), of those the routing rules give the article: a feed
       * configured for some accounts. Absent: every routed account.
       */
      accounts?: readonly string[];
    }
  | { kind: 'withdraw'; articleId: string; status: WithdrawnStatus };
