/** The starter lists shipped in resources/lexicons/ parse, are clean, and catch what they were written for. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compileEngine,
  lintList,
  parseListCsv,
  starterListFiles,
  type SensitiveCategory,
  type SensitiveList,
} from '../../../shared/domain/sensitive';

const dir = join(import.meta.dirname, '..', '..', '..', 'resources', 'lexicons');
const lists = new Map<string, SensitiveList>(
  starterListFiles.map((file) => [file, parseListCsv(readFileSync(join(dir, file), 'utf8'))]),
);
const engine = compileEngine([...lists.values()]);

describe('starter lists', () => {
  it('the file list matches the folder', () => {
    expect(
      readdirSync(dir)
        .filter((file) => file.endsWith('.csv'))
        .sort(),
    ).toEqual([...starterListFiles].sort());
  });

  it.each([...lists.entries()])('%s parses with a name, a category and clean words', (_file, list) => {
    expect(list.name.length).toBeGreaterThan(0);
    expect(list.words.length).toBeGreaterThanOrEqual(15);
    expect(lintList(list)).toEqual([]);
  });

  it('have the categories they are named for', () => {
    const categories = Object.fromEntries([...lists].map(([file, list]) => [file, list.category]));
    expect(categories).toEqual({
      'ads.csv': 'ads',
      'scam.csv': 'scam',
      'privacy.csv': 'privacy',
      'abuse.csv': 'abuse',
      'crisis.csv': 'crisis',
      'complaint.csv': 'complaint',
      'allow.csv': 'custom',
    });
    expect(lists.get('allow.csv')!.kind).toBe('allow');
  });

  it('contain the words the issue names', () => {
    const words = (file: string) => lists.get(file)!.words.map((word) => word.word);
    expect(words('scam.csv')).toEqual(
      expect.arrayContaining(['跑分', '杀猪盘', 'usdt', '刷单返利', '兼职日结']),
    );
    expect(words('complaint.csv')).toEqual(
      expect.arrayContaining(['投诉', '维权', '曝光', '退款', '骗子', '12315']),
    );
  });

  const samples: [string, SensitiveCategory[]][] = [
    ['USDT跑分，兼职日结', ['scam']],
    ['我要去12315投诉你们，再不退款就曝光', ['complaint']],
    ['真的不想活了', ['crisis']],
    ['加我 weixin 领资料', ['ads']],
    ['你个傻@逼', ['abuse']],
    ['把身份证号发群里了', ['privacy']],
    ['他妈妈的生日快到了', []],
    ['我稍微信任他一点', []],
    ['拉个微信群吧', []],
    ['已退款，谢谢', []],
    ['I have 12315 reasons', ['complaint']],
    ['订单号1231500', []],
    // Homophones and reversed words of the flagged starter words, and the everyday phrases they must spare.
    ['有事加我威信', ['ads']],
    ['资料在信微里', ['ads']],
    ['唰单返利，日结', ['scam']],
    ['老师在群里很有威信', []],
    ['我相信微软的产品', []],
    ['她自信微笑的样子', []],
    ['这是一颗微芯片', []],
    ['先吐槽你一下', []],
    ['买个网袋装菜', []],
    ['博采众长', []],
    // A home address is a privacy leak; a road on its own is not.
    ['地址：幸福路128号3栋2单元', ['privacy']],
    ['我在中山路上堵车了', []],
  ];

  it.each(samples)('%s → %j', (text, categories) => {
    const found = [...new Set(engine.scan(text).map((hit) => hit.category))].sort();
    expect(found).toEqual([...categories].sort());
  });
});
