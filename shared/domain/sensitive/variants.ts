/**
 * Word variants compiled into the matcher beside the word itself: 拆字 (split characters, 弓虽 for 强) and pinyin
 * (weixin, wx, vx, 微xin). Expanding the words keeps the text side a plain 1:1 normalisation, so the scan stays one
 * pass and offsets stay exact.
 */
import { pinyin } from 'pinyin-pro';

/**
 * Characters people split into their components to dodge filters, written for this product. Only splits whose
 * parts are not an everyday word themselves (好 → 女子 is left out on purpose).
 */
export const splitCharacterTable: Readonly<Record<string, string>> = {
  强: '弓虽',
  奸: '女干',
  妈: '女马',
  她: '女也',
  嫖: '女票',
  娼: '女昌',
  妓: '女支',
  婊: '女表',
  奶: '女乃',
  骚: '马蚤',
  骗: '马扁',
  操: '扌喿',
  插: '扌臿',
  扣: '扌口',
  抢: '扌仓',
  枪: '木仓',
  炸: '火乍',
  炮: '火包',
  赌: '贝者',
  财: '贝才',
  账: '贝长',
  赚: '贝兼',
  货: '化贝',
  资: '次贝',
  贷: '代贝',
  钱: '钅戋',
  银: '钅艮',
  信: '亻言',
  付: '亻寸',
  加: '力口',
  群: '君羊',
  粉: '米分',
  码: '石马',
  现: '王见',
  理: '王里',
  利: '禾刂',
  约: '纟勺',
  结: '纟吉',
  转: '车专',
  跑: '足包',
  猪: '犭者',
  狗: '犭句',
  死: '歹匕',
  裸: '衤果',
  射: '身寸',
  胸: '月匈',
  阴: '阝月',
  鸡: '又鸟',
  吸: '口及',
  毒: '龶母',
};

/** All split spellings of a word (the word itself excluded). Up to three split positions are combined freely. */
let splittable: RegExp | undefined;

export function splitVariants(word: string): string[] {
  splittable ??= new RegExp(`[${Object.keys(splitCharacterTable).join('')}]`, 'u');
  if (!splittable.test(word)) return []; // most words: skip the work below
  const characters = Array.from(word);
  const positions = characters.flatMap((character, index) => (splitCharacterTable[character] ? [index] : []));
  if (positions.length === 0) return [];
  const subsets: number[][] = [];
  if (positions.length <= 3) {
    for (let mask = 1; mask < 1 << positions.length; mask++) {
      subsets.push(positions.filter((_, bit) => mask & (1 << bit)));
    }
  } else {
    subsets.push(positions);
  }
  return subsets.map((subset) =>
    characters
      .map((character, index) => (subset.includes(index) ? splitCharacterTable[character] : character))
      .join(''),
  );
}

const hanCharacter = /^\p{Script=Han}$/u;

/** Letters that stand in for an initial in chat: V for 微 (V信, vx). */
const initialAliases: Readonly<Record<string, string[]>> = { w: ['v'] };

/** Most characters for which every mix of character / syllable / initial is generated; longer words get two forms. */
const fullMixLimit = 4;

/**
 * Pinyin spellings of a word: every mix of each Han character, its syllable and its initial for short words
 * (微信 → weixin, wx, vx, 微xin, wei信, …), whole-syllable and whole-initial forms for longer ones.
 */
export function pinyinVariants(word: string): string[] {
  const characters = Array.from(word);
  const hanCount = characters.filter((character) => hanCharacter.test(character)).length;
  if (hanCount === 0 || characters.length < 2) return [];
  const syllables = pinyin(word, { toneType: 'none', type: 'array', v: true }).map((syllable) =>
    syllable.toLowerCase(),
  );
  if (syllables.length !== characters.length) return [];
  const choices = characters.map((character, index) => {
    const syllable = syllables[index]!;
    if (!hanCharacter.test(character) || !/^[a-z]+$/.test(syllable)) return [character];
    const initial = syllable[0]!;
    return [character, syllable, initial, ...(initialAliases[initial] ?? [])];
  });
  const variants = new Set<string>();
  if (characters.length <= fullMixLimit) {
    let partial = [''];
    for (const options of choices)
      partial = partial.flatMap((prefix) => options.map((option) => prefix + option));
    for (const variant of partial) variants.add(variant);
  } else {
    variants.add(choices.map((options) => options[1] ?? options[0]).join(''));
    variants.add(choices.map((options) => options[2] ?? options[0]).join(''));
  }
  variants.delete(word);
  return [...variants];
}
