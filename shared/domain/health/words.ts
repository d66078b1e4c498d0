/**
 * Top words of a chat. Chinese has no spaces: where the runtime has Intl.Segmenter (Node 24 and Chromium do, with
 * ICU's dictionary for Chinese) it splits words; otherwise runs of Han characters fall back to 2-character n-grams.
 * Each word counts once per message, so one member repeating a phrase does not top the list.
 */

/**
 * Function words and chat filler that say nothing about what a group talks about. Written for this product;
 * single characters are dropped anyway (see `minWordLength`).
 */
export const stopWords: ReadonlySet<string> = new Set(
  [
    // Chinese pronouns, particles, connectives and chat filler
    '我们 你们 他们 她们 它们 大家 自己 这个 那个 这些 那些 这里 那里 这样 那样',
    '什么 怎么 怎么样 为什么 哪里 哪个 就是 还是 可以 可能 没有 不是 一个 一下 一些',
    '一起 已经 因为 所以 但是 如果 然后 而且 或者 还有 只是 其实 觉得 知道 应该',
    '需要 现在 时候 什么时候 的话 有没有 是不是 能不能 好的 好吧 是的 对的 嗯嗯 哈哈',
    '哈哈哈 呵呵 嘿嘿 谢谢 收到 请问 一下子 这么 那么 多少',
    // English filler
    'the and for you are was with this that have has not but can will just what when how all any our your',
    'its from they them then too ok okay yes thanks thank lol',
  ]
    .join(' ')
    .split(' '),
);

export const minWordLength = 2;
const hanRun = /\p{Script=Han}+/gu;
const latinWord = /[\p{Script=Latin}][\p{Script=Latin}\p{Nd}'-]*/gu;
const onlyDigits = /^[\p{Nd}.,%]+$/u;

export type WordSplitter = (text: string) => string[];

/** 2-character n-grams over Han runs plus Latin words: the fallback when Intl.Segmenter is missing. */
export function bigramSplitter(text: string): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(hanRun)) {
    const chars = [...match[0]];
    for (let index = 0; index + 1 < chars.length; index += 1) words.push(chars[index]! + chars[index + 1]!);
  }
  for (const match of text.matchAll(latinWord)) words.push(match[0]);
  return words;
}

/** Intl.Segmenter's word splitter when the runtime has one, else the bigram fallback. */
export function defaultWordSplitter(): WordSplitter {
  if (typeof Intl === 'undefined' || typeof Intl.Segmenter !== 'function') return bigramSplitter;
  const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  return (text) => {
    const words: string[] = [];
    for (const segment of segmenter.segment(text)) if (segment.isWordLike) words.push(segment.segment);
    return words;
  };
}

/** The words of one message worth counting: lower-cased, at least two characters, not numbers, not stop words. */
export function wordsOfMessage(text: string, split: WordSplitter): Set<string> {
  const kept = new Set<string>();
  for (const raw of split(text)) {
    const word = raw.toLowerCase();
    if ([...word].length < minWordLength || onlyDigits.test(word) || stopWords.has(word)) continue;
    kept.add(word);
  }
  return kept;
}

export interface WordCount {
  word: string;
  /** Messages containing it. */
  messages: number;
}

/** Distinct message texts whose words are remembered: chats repeat short lines (好的, 收到, +1) all the time. */
const wordCacheSize = 5000;

/** Counts words over messages as they stream by; `top()` ranks them (ties by the word, for a stable order). */
export class WordCounter {
  private readonly counts = new Map<string, number>();
  private readonly wordsByText = new Map<string, readonly string[]>();
  private readonly split: WordSplitter;

  constructor(split: WordSplitter = defaultWordSplitter()) {
    this.split = split;
  }

  add(text: string): void {
    let words = this.wordsByText.get(text);
    if (!words) {
      words = [...wordsOfMessage(text, this.split)];
      if (this.wordsByText.size < wordCacheSize) this.wordsByText.set(text, words);
    }
    for (const word of words) this.counts.set(word, (this.counts.get(word) ?? 0) + 1);
  }

  top(limit: number): WordCount[] {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, limit)
      .map(([word, messages]) => ({ word, messages }));
  }
}
