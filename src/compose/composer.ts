import type { Article } from '../domain/article.js';
import type { Draft } from '../domain/draft.js';
import { TemplateError } from '../domain/errors/index.js';
import type { PlatformId } from '../domain/platform.js';
import { PROFILES } from '../platforms/profiles.js';
import { fitThread, HASHTAG_SLOT } from './fit.js';
import { pickHashtags } from './hashtags.js';
import { summarise } from './summary.js';
import { PART_MARKER } from './templates/part-marker.js';
import type { TemplateSet } from './templates/template-set.js';
import { templateVariables } from './templates/variables.js';

export interface ComposeTarget {
  platform: PlatformId;
  account: string;
}

export interface ComposerOptions {
  templates: TemplateSet;
  /** Cap on thread length (THREAD_MAX_PARTS); platforms may cap lower. */
  maxParts: number;
  numbering: boolean;
}

/** Template output is hand-written text: tidy the whitespace an editor's line breaks leave behind. */
function splitRendered(rendered: string): string[] {
  return rendered
    .split(PART_MARKER)
    .map((part) =>
      part
        .split('\n')
        .map((line) => line.replace(/[ \t]+/g, ' ').trim())
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
    )
    .filter((part) => part !== '');
}

/** Article → one Draft per target: template, hashtags, exact fitting. Pure: no I/O. */
export class Composer {
  constructor(private readonly options: ComposerOptions) {}

  compose(article: Article, targets: readonly ComposeTarget[]): Draft[] {
    const summary = summarise(article);
    return targets.map((target) => {
      const profile = PROFILES[target.platform];
      const template = this.options.templates.select(target.platform, article);
      const shownUrl = profile.displayUrl?.(article.url) ?? article.url;
      const variables = templateVariables(article, summary, target, HASHTAG_SLOT);
      const rendered = template.render({ ...variables, url: shownUrl });
      const parts = splitRendered(rendered);
      const textWithoutSlot = parts.join('\n').split(HASHTAG_SLOT).join('');
      const media = article.image ? [{ url: article.image.url, alt: article.image.alt }] : [];
      const fitted = fitThread(
        {
          parts: parts.length > 0 ? parts : [article.headline],
          url: shownUrl,
          hashtags: pickHashtags(article.tags, { max: profile.maxHashtags, text: textWithoutSlot }),
          maxParts: this.options.maxParts,
          numbering: this.options.numbering,
          firstPartLimit: media.length > 0 ? profile.captionLimit : undefined,
        },
        profile,
      );
      return {
        platform: target.platform,
        account: target.account,
        articleId: article.id,
        parts: fitted,
        media,
        link: {
          url: article.url,
          ...(shownUrl === article.url ? {} : { displayText: shownUrl }),
          title: article.headline,
          description: summary.lead,
          imageUrl: article.image?.url,
        },
        language: article.language,
      };
    });
  }

  /**
   * The correction note for one target, from `<platform>.correction.liquid` (or
   * `default.correction.liquid`), fitted like any post: the link always in it, no hashtags, no image.
   * Throws TemplateError when the newsroom has no correction template.
   */
  composeCorrection(article: Article, correction: string, target: ComposeTarget): Draft {
    const profile = PROFILES[target.platform];
    const template = this.options.templates.selectCorrection(target.platform);
    if (!template) {
      throw new TemplateError(this.options.templates.dir, undefined, `no correction template for ${target.platform}: add default.correction.liquid`);
    }
    const corrected: Article = { ...article, correction };
    const shownUrl = profile.displayUrl?.(article.url) ?? article.url;
    const variables = templateVariables(corrected, summarise(corrected), target, '');
    const parts = splitRendered(template.render({ ...variables, url: shownUrl }));
    const fitted = fitThread(
      {
        parts: parts.length > 0 ? parts : [correction],
        url: shownUrl,
        hashtags: [],
        maxParts: this.options.maxParts,
        numbering: this.options.numbering,
      },
      profile,
    );
    return {
      platform: target.platform,
      account: target.account,
      articleId: article.id,
      parts: fitted,
      media: [],
      link: { url: article.url, ...(shownUrl === article.url ? {} : { displayText: shownUrl }), title: article.headline, description: correction },
      language: article.language,
    };
  }
}
