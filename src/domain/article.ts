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
}
