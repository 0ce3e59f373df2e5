import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { pickHashtags, toHashtag } from '../../src/compose/hashtags.js';

describe('toHashtag', () => {
  it.each([
    ['Belt and Road Initiative', '#BeltAndRoadInitiative'],
    ['COVID-19', '#COVID19'],
    ['China-Pakistan relations', '#ChinaPakistanRelations'],
    ['Wang Yi', '#WangYi'],
    ['AI', '#AI'],
    ['iPhone', '#iPhone'],
    ["Women's football", '#WomensFootball'],
    ['Women’s football', '#WomensFootball'],
    ['São Paulo', '#SãoPaulo'],
    ['Sa\u0303o Paulo', '#SãoPaulo'],
    ['پاکستان', '#پاکستان'],
    ['भारत', '#भारत'],
    ['中国', '#中国'],
    ['  U.S. (politics)!  ', '#USPolitics'],
    ['#CPEC', '#CPEC'],
    ['2025 elections', '#2025Elections'],
  ])('%s → %s', (tag, expected) => {
    const hashtag = toHashtag(tag);
    expect(hashtag).toBe(expected);
    expect(twitterText.extractHashtags(hashtag ?? '')).toEqual([expected.slice(1)]);
  });

  it.each(['', '   ', '!!!', '2025', '#', '1-2-3', '٢٠٢٥'])('%j has no usable hashtag', (tag) => {
    expect(toHashtag(tag)).toBeUndefined();
  });
});

describe('pickHashtags', () => {
  it('keeps tag order and stops at max', () => {
    expect(pickHashtags(['China', 'Pakistan', 'CPEC', 'Energy'], { max: 3, text: '' })).toEqual(['#China', '#Pakistan', '#CPEC']);
  });

  it('drops case-insensitive duplicates and tags with nothing usable', () => {
    expect(pickHashtags(['cpec', 'CPEC', '2025', '!!', 'Wang Yi', 'wang yi'], { max: 5, text: '' })).toEqual(['#Cpec', '#WangYi']);
  });

  it('skips a tag the text already carries as a hashtag, in any case', () => {
    expect(pickHashtags(['CPEC', 'China'], { max: 5, text: 'Talks resume #cpec' })).toEqual(['#China']);
  });

  it('skips a tag whose words the text already carries hashtagged', () => {
    const text = 'Ministers meet #ChinaPakistanRelations #Wang #Yi';
    expect(pickHashtags(['Pakistan', 'China relations', 'Wang Yi', 'Energy'], { max: 5, text })).toEqual(['#Energy']);
  });

  it('does not count plain words, only hashtags', () => {
    expect(pickHashtags(['Pakistan'], { max: 5, text: 'Pakistan and China' })).toEqual(['#Pakistan']);
  });

  it('returns nothing when max is 0', () => {
    expect(pickHashtags(['China'], { max: 0, text: '' })).toEqual([]);
  });
});
