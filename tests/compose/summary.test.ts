import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArticleJson } from '../../src/article/parse-article.js';
import { isSubheading, summarise } from '../../src/compose/summary.js';
import { article, articleText } from '../helpers/builders.js';

const example = parseArticleJson(articleText());


describe('summarise: the example article', () => {
  const summary = summarise(example);

  it('leads with the first dek sentence, since two would run past 200 characters', () => {
    expect(summary.lead).toBe('China pledges support for Pakistan’s national security during Foreign Minister Wang Yi’s visit to Islamabad.');
  });

  it('picks three key points that carry names and numbers, in article order', () => {
    expect(summary.keyPoints).toEqual([
      'A statement from China’s Foreign Ministry on August 21, 2025, highlighted Beijing’s commitment to supporting Pakistan’s territorial integrity and national security.',
      'Pakistan’s leadership, including General Munir and Prime Minister Sharif, vowed to ensure the safety of Chinese citizens and projects, particularly those under CPEC, a USD 65 billion component of China’s Belt and Road Initiative.',
      'A Chinese Foreign Ministry spokesperson on August 19, 2025, emphasized joint efforts to develop CPEC’s second phase, terming the China-Pakistan partnership “unbreakable.”',
    ]);
  });

  it('never repeats the lead or a sentence that restates it', () => {
    expect(summary.keyPoints).not.toContain(summary.lead);
    expect(summary.keyPoints.some((k) => k.startsWith('Beijing reaffirmed its support'))).toBe(false);
  });

  it('leads with the lede when there is no dek, skipping subheadings', () => {
    const noDek = summarise({ ...example, summary: undefined, paragraphs: ['Why It Matters for South Asia', ...example.paragraphs] });
    expect(noDek.lead).toBe(summary.lead);
    expect(noDek.keyPoints).toHaveLength(3);
    expect(noDek.keyPoints).not.toContain(noDek.lead);
  });

  it('honours the number of key points asked for', () => {
    expect(summarise(example, { keyPoints: 0 }).keyPoints).toEqual([]);
    const five = summarise(example, { keyPoints: 5 }).keyPoints;
    expect(five).toHaveLength(5);
    const order = five.map((k) => example.paragraphs.findIndex((p) => p.includes(k)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((i) => i >= 0)).toBe(true);
  });

  it('is deterministic', () => {
    expect(summarise(example)).toEqual(summarise(structuredClone(example)));
  });
});

describe('summarise: lead', () => {
  it('takes two dek sentences when both fit in 200 characters', () => {
    expect(summarise(article({ summary: 'China backs Pakistan. Wang Yi visited Islamabad.' })).lead).toBe(
      'China backs Pakistan. Wang Yi visited Islamabad.',
    );
  });

  it('never cuts a long first dek sentence', () => {
    const long = `China ${'and Pakistan '.repeat(20)}agreed.`;
    expect(long.length).toBeGreaterThan(200);
    expect(summarise(article({ summary: `${long} Second.` })).lead).toBe(long);
  });

  it('keeps an abbreviation-laden dek sentence whole', () => {
    expect(summarise(article({ summary: 'Gen. Asim Munir met U.S. officials at 9 a.m. Tuesday in Washington. More talks are planned for later in the year and beyond, officials in both capitals said on Monday, with trade, energy and security also on the agenda.' })).lead).toBe(
      'Gen. Asim Munir met U.S. officials at 9 a.m. Tuesday in Washington.',
    );
  });

  it('skips a byline and subheadings to find the lede', () => {
    const a = article({ paragraphs: ['By Staff Reporter', 'Background', 'Pakistan and China signed 12 agreements in Beijing on Monday. Both sides welcomed it.'] });
    expect(summarise(a).lead).toBe('Pakistan and China signed 12 agreements in Beijing on Monday.');
  });

  it('is empty when there is neither dek nor body', () => {
    expect(summarise(article({}))).toEqual({ lead: '', keyPoints: [], sentences: [] });
  });
});

describe('summarise: key points', () => {
  it('prefers names and numbers over filler, and skips short and quote-only sentences', () => {
    const a = article({
      headline: 'Pakistan signs CPEC deal',
      tags: ['CPEC'],
      paragraphs: [
        'Pakistan and China signed a new agreement on the corridor on Monday in Islamabad.',
        'It was a day that many people had been waiting for, and it felt quite important to everyone there.',
        'Fine, he said.',
        '“We are very happy indeed with how all of these things have been going so far,” he said.',
        'The USD 2.5 billion CPEC deal covers 14 projects, Finance Minister Muhammad Aurangzeb told reporters in Karachi.',
        'Things will continue to move along in the way that they have been moving along for some time now.',
        'Work on the ML-1 railway, worth USD 6.7 billion, starts in March 2026, Planning Minister Ahsan Iqbal said.',
      ],
    });
    expect(summarise(a, { keyPoints: 2 }).keyPoints).toEqual([
      'The USD 2.5 billion CPEC deal covers 14 projects, Finance Minister Muhammad Aurangzeb told reporters in Karachi.',
      'Work on the ML-1 railway, worth USD 6.7 billion, starts in March 2026, Planning Minister Ahsan Iqbal said.',
    ]);
  });

  it('penalises sentences over 300 characters', () => {
    const long = `Officials from Pakistan, China, Afghanistan and Iran met in Kabul on May 3, 2025, ${'and discussed trade, transit, energy, security, water and border management at length, '.repeat(3)}officials said.`;
    expect(long.length).toBeGreaterThan(300);
    const a = article({
      paragraphs: ['Pakistan and China held talks in Islamabad on Monday.', long, 'Pakistan agreed to protect Chinese workers at 12 sites in Balochistan, Interior Minister Naqvi said.'],
    });
    expect(summarise(a, { keyPoints: 1 }).keyPoints).toEqual([
      'Pakistan agreed to protect Chinese workers at 12 sites in Balochistan, Interior Minister Naqvi said.',
    ]);
  });

  it('drops a body sentence that repeats the dek in other words', () => {
    const a = article({
      summary: 'China pledges support for Pakistan’s national security.',
      paragraphs: [
        'China pledged support for Pakistan’s national security on Wednesday.',
        'Wang Yi met Shehbaz Sharif and Asim Munir in Islamabad on August 20, 2025.',
      ],
    });
    expect(summarise(a).keyPoints).toEqual(['Wang Yi met Shehbaz Sharif and Asim Munir in Islamabad on August 20, 2025.']);
  });
});

describe('summarise: other scripts', () => {
  it('works for Urdu', () => {
    const a = article({
      headline: 'چین کی پاکستان کی قومی سلامتی کی حمایت',
      tags: ['سی پیک'],
      paragraphs: [
        'چین نے پاکستان کی قومی سلامتی کے لیے حمایت کا اعادہ کیا ہے۔ وانگ یی نے اسلام آباد میں وزیراعظم شہباز شریف سے ملاقات کی۔',
        'کیوں اہم ہے',
        'یہ دورہ خطے میں کشیدگی کے دوران ہوا۔ وانگ یی نے سی پیک کے دوسرے مرحلے پر زور دیا جس کی مالیت 65 ارب ڈالر ہے۔ موسم اچھا تھا اور لوگ خوش تھے۔',
      ],
    });
    const summary = summarise(a, { keyPoints: 2 });
    expect(summary.lead).toBe('چین نے پاکستان کی قومی سلامتی کے لیے حمایت کا اعادہ کیا ہے۔');
    expect(summary.keyPoints).toEqual([
      'وانگ یی نے اسلام آباد میں وزیراعظم شہباز شریف سے ملاقات کی۔',
      'وانگ یی نے سی پیک کے دوسرے مرحلے پر زور دیا جس کی مالیت 65 ارب ڈالر ہے۔',
    ]);
  });

  it('works for Hindi', () => {
    const a = article({
      summary: 'चीन ने पाकिस्तान की सुरक्षा का समर्थन किया। यह बयान बुधवार को आया।',
      paragraphs: [
        'चीन ने पाकिस्तान की सुरक्षा का समर्थन किया। वांग यी ने इस्लामाबाद में शहबाज़ शरीफ़ से 20 अगस्त को मुलाकात की।',
        'मौसम अच्छा था और सब खुश थे। वांग यी ने कहा कि सीपीईसी का दूसरा चरण 2026 तक पूरा होगा।',
      ],
    });
    const summary = summarise(a, { keyPoints: 2 });
    expect(summary.lead).toBe('चीन ने पाकिस्तान की सुरक्षा का समर्थन किया। यह बयान बुधवार को आया।');
    expect(summary.keyPoints).toEqual([
      'वांग यी ने इस्लामाबाद में शहबाज़ शरीफ़ से 20 अगस्त को मुलाकात की।',
      'वांग यी ने कहा कि सीपीईसी का दूसरा चरण 2026 तक पूरा होगा।',
    ]);
  });

  it('works for Chinese', () => {
    const a = article({
      headline: '中国支持巴基斯坦国家安全',
      paragraphs: [
        '中国外交部长王毅访问伊斯兰堡，重申支持巴基斯坦国家安全。天气很好，大家都很高兴，会场气氛也非常热烈而且友好。王毅会见了巴基斯坦总理夏巴兹·谢里夫和陆军参谋长阿西姆·穆尼尔。',
        '中巴经济走廊投资规模约为650亿美元，王毅表示中方将推动走廊第二阶段建设。',
      ],
    });
    const summary = summarise(a, { keyPoints: 2 });
    expect(summary.lead).toBe('中国外交部长王毅访问伊斯兰堡，重申支持巴基斯坦国家安全。');
    expect(summary.keyPoints).toEqual([
      '王毅会见了巴基斯坦总理夏巴兹·谢里夫和陆军参谋长阿西姆·穆尼尔。',
      '中巴经济走廊投资规模约为650亿美元，王毅表示中方将推动走廊第二阶段建设。',
    ]);
  });
});

describe('isSubheading', () => {
  it.each([
    ['Why It Matters for South Asia', true],
    ['What’s Next', true],
    ['کیوں اہم ہے', true],
    ['Beijing backs Islamabad.', false],
    ['“Unbreakable,” he said.”', false],
    ['A very long paragraph without any closing punctuation that still goes on and on about the talks in Islamabad and Beijing', false],
  ])('%s → %s', (text, expected) => {
    expect(isSubheading(text)).toBe(expected);
  });
});

describe('summarise on arbitrary articles', () => {
  it('never throws, never returns more key points than asked, never repeats the lead', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 120 });
    fc.assert(
      fc.property(fc.option(text, { nil: undefined }), fc.array(text, { maxLength: 8 }), fc.nat(5), (dek, paragraphs, n) => {
        const summary = summarise(article({ summary: dek, paragraphs }), { keyPoints: n });
        expect(summary.keyPoints.length).toBeLessThanOrEqual(n);
        expect(summary.keyPoints).not.toContain(summary.lead === '' ? '\u0000' : summary.lead);
        expect(new Set(summary.keyPoints).size).toBe(summary.keyPoints.length);
      }),
      { numRuns: 300, seed: 20261201 },
    );
  });
});
