import type { Article } from '../domain/article.js';
import type { Draft } from '../domain/draft.js';
import { TemplateError } from '../domain/errors/index.js';
import type { PlatformId } from '../domain/platform.js';
import type { PlatformProfile } from '../platforms/profile.js';
import { PROFILES } from '../platforms/profiles.js';
import { altTextCleaner, type AltTextCleaner } from './clean/alt-text.js';
import { dekCleaner, type DekCleaner } from './clean/clean-dek.js';
import { standAloneCheck, type StandAloneCheck } from './clean/stands-alone.js';
import { fitThread, HASHTAG_SLOT } from './fit.js';
import { DEFAULT_JOINERS, pickHashtags, type ScriptJoiners } from './hashtags.js';
import { fitLead, type ThreadMode } from './lead.js';
import { attachMedia, type AltTextPolicy, type MediaDecision } from './media.js';
import type { Labels } from './messages/messages.js';
import { breakingPrefix, prepareArticle } from './prepare-article.js';
import { hashtagCap } from './rules/compose-rules.js';
import { splitSentences } from './sentences.js';
import { summarise, type Summary } from './summary.js';
import { PART_MARKER } from './templates/part-marker.js';
import type { TemplateSet } from './templates/template-set.js';
import { templateVariables } from './templates/variables.js';

export interface ComposeTarget {
  platform: PlatformId;
  account: string;
  /**
   * How this account's platform counts, where it differs from the platform's defaults: a
   * Mastodon instance's own limit and URL length (mastodonProfileFor with /api/v2/instance).
   */
  profile?: PlatformProfile;
}

export interface ComposerOptions {
  templates: TemplateSet;
  /** Cap on thread length (THREAD_MAX_PARTS); platforms may cap lower. */
  maxParts: number;
  numbering: boolean;
  /** THREAD_MODE; default `template`: a thread only where the template has {% part %}. */
  threadMode?: ThreadMode;
  /** ALT_TEXT_POLICY; default `post`: an image without a description goes out with empty alt. */
  altTextPolicy?: AltTextPolicy;
  /** An account's own profile where it differs (a Mastodon instance's limits); a target's `profile` wins. */
  profileFor?: (target: ComposeTarget) => PlatformProfile | undefined;
}

/** The composer's settings as the configuration has them (THREAD_*, ALT_TEXT_POLICY): render, send and the service agree. */
export interface ComposeSettings {
  thread: { maxParts: number; numbering: boolean; mode: ThreadMode };
  altTextPolicy: AltTextPolicy;
}

export function composerFor(templates: TemplateSet, settings: ComposeSettings, profileFor?: ComposerOptions['profileFor']): Composer {
  return new Composer({
    templates,
    maxParts: settings.thread.maxParts,
    numbering: settings.thread.numbering,
    threadMode: settings.thread.mode,
    altTextPolicy: settings.altTextPolicy,
    ...(profileFor ? { profileFor } : {}),
  });
}

/** One target's draft, or the error that kept it from being composed. */
export type ComposeOutcome = { ok: true; draft: Draft } | { ok: false; error: unknown };

/** The part of composing that is the same for every target of one article. */
interface ArticleWork {
  article: Article;
  summary: Summary;
  labels: Labels;
  breaking: boolean;
  media: MediaDecision['media'];
  warnings: MediaDecision['warnings'];
  leadSentences: string[];
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
  private readonly dek: DekCleaner;
  private readonly standAlone: StandAloneCheck;
  private readonly altText: AltTextCleaner;
  private readonly breaking: RegExp;
  private readonly joiners: ScriptJoiners;

  constructor(private readonly options: ComposerOptions) {
    const rules = options.templates.rules;
    this.dek = dekCleaner(rules.dek);
    this.standAlone = standAloneCheck(rules.keyPoints);
    this.altText = altTextCleaner(rules.altText);
    this.breaking = breakingPrefix(options.templates.messages);
    this.joiners = { ...DEFAULT_JOINERS, ...rules.hashtags.joiner_by_script };
  }

  private profileOf(target: ComposeTarget): PlatformProfile {
    return target.profile ?? this.options.profileFor?.(target) ?? PROFILES[target.platform];
  }

  private summarise(article: Article): Summary {
    return summarise(article, { dek: this.dek, standAlone: this.standAlone });
  }

  compose(raw: Article, targets: readonly ComposeTarget[]): Draft[] {
    const article = this.articleWork(raw);
    return targets.map((target) => this.draftFor(article, target));
  }

  /**
   * One outcome per target, in order: its draft, or what broke it (a template branch that fails
   * for this article, say), so one target's failure leaves the others composed. The work that is
   * the same for every target (cleaning, summary, media) is done once; when that fails, every
   * target carries its error.
   */
  composeEach(raw: Article, targets: readonly ComposeTarget[]): ComposeOutcome[] {
    let article: ArticleWork;
    try {
      article = this.articleWork(raw);
    } catch (error) {
      return targets.map(() => ({ ok: false, error }));
    }
    return targets.map((target) => {
      try {
        return { ok: true, draft: this.draftFor(article, target) };
      } catch (error) {
        return { ok: false, error };
      }
    });
  }

  /** What every target's draft is made from. */
  private articleWork(raw: Article): ArticleWork {
    const article = prepareArticle(raw, this.breaking);
    const summary = this.summarise(article);
    return {
      article,
      summary,
      labels: this.options.templates.messages.labelsFor(article.language),
      breaking: article.priority === 'breaking',
      ...attachMedia(article, this.altText, this.options.altTextPolicy ?? 'post'),
      leadSentences: summary.lead === '' ? [] : splitSentences(summary.lead),
    };
  }

  private draftFor(work: ArticleWork, target: ComposeTarget): Draft {
    const { article, summary, labels, breaking, media, warnings, leadSentences } = work;
    const base = this.profileOf(target);
    const maxHashtags = hashtagCap(this.options.templates.rules.hashtags, target.platform, base.maxHashtags, breaking);
    const profile: PlatformProfile = { ...base, maxHashtags };
    const template = this.options.templates.select(target.platform, article);
    const shownUrl = profile.displayUrl?.(article.url) ?? article.url;
    const variables = templateVariables(article, summary, target, HASHTAG_SLOT, labels);
    const render = (lead: string): string[] => splitRendered(template.render({ ...variables, summary: lead, url: shownUrl }));
    const textWithoutSlot = render(summary.lead).join('\n').split(HASHTAG_SLOT).join('');
    const parts = fitLead(
      {
        render: (lead) => {
          const rendered = render(lead);
          return rendered.length > 0 ? rendered : [article.headline];
        },
        leadSentences,
        allSentences: summary.sentences,
        url: shownUrl,
        hashtags: pickHashtags(article.tags, { max: maxHashtags, text: textWithoutSlot, joiners: this.joiners }),
        joiners: this.joiners,
        maxParts: this.options.maxParts,
        numbering: this.options.numbering,
        threadMode: this.options.threadMode ?? 'template',
        ...(media.length > 0 && profile.captionLimit !== undefined ? { firstPartLimit: profile.captionLimit } : {}),
      },
      profile,
    );
    return {
      platform: target.platform,
      account: target.account,
      articleId: article.id,
      parts,
      media: media.map((m) => ({ ...m })),
      link: {
        url: article.url,
        ...(shownUrl === article.url ? {} : { displayText: shownUrl }),
        title: article.headline,
        description: summary.lead,
        imageUrl: article.image?.url,
      },
      language: article.language,
      warnings: warnings.map((w) => ({ ...w })),
    };
  }

  /**
   * The correction note for one target, from `<platform>.correction.liquid` (or
   * `default.correction.liquid`), fitted like any post: the link always in it, no hashtags, no image.
   * Throws TemplateError when the newsroom has no correction template.
   */
  composeCorrection(raw: Article, correction: string, target: ComposeTarget): Draft {
    const profile = this.profileOf(target);
    const template = this.options.templates.selectCorrection(target.platform);
    if (!template) {
      throw new TemplateError(this.options.templates.dir, undefined, `no correction template for ${target.platform}: add default.correction.liquid`);
    }
    const article = prepareArticle(raw, this.breaking);
    const corrected: Article = { ...article, correction };
    const labels = this.options.templates.messages.labelsFor(article.language);
    const shownUrl = profile.displayUrl?.(article.url) ?? article.url;
    const variables = templateVariables(corrected, this.summarise(corrected), target, '', labels);
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
