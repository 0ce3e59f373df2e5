import { describe, expect, it } from 'vitest';
import { altTextCleaner } from '../../src/compose/clean/alt-text.js';
import { splitPoints } from '../../src/compose/clean/bullets.js';
import { dekCleaner } from '../../src/compose/clean/clean-dek.js';
import { decodeEntities } from '../../src/compose/clean/entities.js';
import { standAloneCheck } from '../../src/compose/clean/stands-alone.js';
import { loadRules } from '../../src/compose/rules/load-rules.js';
import { addAbbreviations, splitSentences } from '../../src/compose/sentences.js';

// The rules the newsroom ships in templates/rules: the tests read them as crier does.
const rules = loadRules('templates');
addAbbreviations(rules.dek.abbreviations);
const dek = dekCleaner(rules.dek);

describe('datelines and wire credits', () => {
  it.each([
    ['SPRINGFIELD, Ill. (AP) — Gov. Dana Whitfield signed the bill on Monday.', 'Gov. Dana Whitfield signed the bill on Monday.'],
    ['LAGOS (AP) — Gunmen opened fire at a market on Thursday.', 'Gunmen opened fire at a market on Thursday.'],
    ['PARIS – (Reuters) – Farmers blocked roads around the capital.', 'Farmers blocked roads around the capital.'],
    ['MADRID (EFE) – El Gobierno aprobó el martes un plan.', 'El Gobierno aprobó el martes un plan.'],
    ['Madrid (EFE) – El Gobierno aprobó el martes un plan.', 'El Gobierno aprobó el martes un plan.'],
    ['(Reuters) - Oil prices rose on Tuesday.', 'Oil prices rose on Tuesday.'],
    ['WASHINGTON — The Senate passed the bill.', 'The Senate passed the bill.'],
    ['BERLIN (dpa) - Die Regierung hat am Montag beschlossen.', 'Die Regierung hat am Montag beschlossen.'],
    ['पटना, बिहार : राज्य सरकार ने राहत पैकेज की घोषणा की।', 'राज्य सरकार ने राहत पैकेज की घोषणा की।'],
    ['لاہور: پاکستان کرکٹ بورڈ نے اسکواڈ کا اعلان کر دیا۔', 'پاکستان کرکٹ بورڈ نے اسکواڈ کا اعلان کر دیا۔'],
    ['新华社北京6月1日电 上海市文旅局表示，游客超过310万人次。', '上海市文旅局表示，游客超过310万人次。'],
  ])('%s', (input, expected) => {
    expect(dek.stripDateline(input)).toBe(expected);
  });

  it.each([
    'The minister said: talks will resume.',
    'NASA announced a new launch date on Friday.',
    'Officials in Lagos said seven people died.',
    'وزیر اعظم نے کہا کہ مذاکرات جاری رہیں گے۔',
  ])('leaves a sentence without a dateline alone: %s', (input) => {
    expect(dek.stripDateline(input)).toBe(input);
  });

  it('does not end a sentence at a state or title abbreviation', () => {
    expect(splitSentences('Officials in Springfield, Ill. said the freeze starts in July. Riders welcomed it.')).toEqual([
      'Officials in Springfield, Ill. said the freeze starts in July.',
      'Riders welcomed it.',
    ]);
    expect(splitSentences('La Sra. García habló el lunes. Nadie respondió.')).toHaveLength(2);
  });
});

describe('dek sentences', () => {
  it('drops a sentence that restates the headline, by measured overlap', () => {
    expect(dek.sentences('The singer died on Monday aged 81. She recorded 40 albums over six decades.', 'Singer dies at 81', 'en')).toEqual([
      'She recorded 40 albums over six decades.',
    ]);
    const springfield = dek.sentences(
      'SPRINGFIELD, Ill. (AP) — Gov. Dana Whitfield signed a two-year freeze on transit fares on Monday. The Illinois governor signed the transit fare freeze after months of talks with lawmakers.',
      'Illinois governor signs transit fare freeze after months of talks',
      'en',
    );
    expect(springfield).toEqual(['Gov. Dana Whitfield signed a two-year freeze on transit fares on Monday.']);
  });

  it('keeps a sentence that shares the topic but adds the news', () => {
    const out = dek.sentences('The singer, who sold 80 million records, died in Nashville after a long illness, her family said.', 'Singer dies at 81', 'en');
    expect(out).toHaveLength(1);
  });

  it('turns a bulleted standfirst into sentences with the script’s own full stop', () => {
    expect(splitPoints('Key facts: • 7,000 rupees per family • 320 relief camps opened', rules.dek, 'en')).toEqual([
      'Key facts.',
      '7,000 rupees per family.',
      '320 relief camps opened.',
    ]);
    expect(splitPoints('राहत पैकेज की घोषणा की। • हर परिवार को 7,000 रुपये • 320 राहत शिविर', rules.dek, 'hi')).toEqual([
      'राहत पैकेज की घोषणा की।',
      'हर परिवार को 7,000 रुपये।',
      '320 राहत शिविर।',
    ]);
    expect(splitPoints('پندرہ رکنی اسکواڈ\nتین نئے کھلاڑی', rules.dek, 'ur')).toEqual(['پندرہ رکنی اسکواڈ۔', 'تین نئے کھلاڑی۔']);
    expect(splitPoints('多家博物馆延长开放时间 • 公园游客超过310万', rules.dek, 'zh')).toEqual(['多家博物馆延长开放时间。', '公园游客超过310万。']);
  });
});

describe('entities', () => {
  it('decodes until stable', () => {
    expect(decodeEntities('Loans &amp;amp; debt')).toBe('Loans & debt');
    expect(decodeEntities('&amp;amp;amp;lt;b&amp;amp;amp;gt;')).toBe('<b>');
    expect(decodeEntities('Tom &amp; Jerry &#8217;s')).toBe('Tom & Jerry ’s');
    expect(decodeEntities('AT&T and R&D')).toBe('AT&T and R&D');
  });
});

describe('alt text', () => {
  const alt = altTextCleaner(rules.altText);
  it.each([
    ['Photograph: Jane Doe for The Daily', ''],
    ['Foto: EL DIARIO', ''],
    ['Photo by Sam Lee', ''],
    ['(AP Photo/Jane Doe)', ''],
    ['فوٹو: فائل', ''],
    ['फोटो: पीटीआई', ''],
    ['摄影：王明', ''],
    ['Getty Images', ''],
    ['Riders wait for a train at a Chicago station. Photograph: Jane Doe for The Daily', 'Riders wait for a train at a Chicago station.'],
    ['Wang Yi and Ishaq Dar shake hands', 'Wang Yi and Ishaq Dar shake hands'],
    ['Residents wade through floodwater in Patna. (AP Photo/Ravi Kumar)', 'Residents wade through floodwater in Patna.'],
    ['上海市民在公园里带孩子放风筝', '上海市民在公园里带孩子放风筝'],
  ])('%s → %j', (input, expected) => {
    expect(alt.describe(input)).toBe(expected);
  });
});

describe('key points that stand alone', () => {
  const check = standAloneCheck(rules.keyPoints);
  it.each([
    ["It's the first fare freeze in the state since 1998.", 'en'],
    ['His firm built the bridge in 2004.', 'en'],
    ['Seven decades later, the case is still open.', 'en'],
    ['But ridership fell 12 percent.', 'en'],
    ['“We will not give up, the mayor said.', 'en'],
    ['Eso explica que la edad media haya subido.', 'es'],
    ['Pero el plan llega tarde.', 'es'],
    ['انہوں نے کہا کہ ٹیم تیار ہے۔', 'ur'],
    ['उन्होंने कहा कि राहत जारी रहेगी।', 'hi'],
    ['他表示将继续推进。', 'zh'],
  ])('refuses %s', (sentence, language) => {
    expect(check.standsAlone(sentence, language)).toBe(false);
  });

  it.each([
    ['Italy won 3-1 in Rome on Sunday.', 'en'],
    ['The law sets aside $310 million for rail repairs.', 'en'],
    ['“It is a good day,” the mayor said on Monday.', 'en'],
    ['El Banco de España calcula que el 43 % del sueldo va al alquiler.', 'es'],
  ])('keeps %s', (sentence, language) => {
    expect(check.standsAlone(sentence, language)).toBe(true);
  });
});
