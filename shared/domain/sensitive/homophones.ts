/**
 * Homophones (谐音) that matter for evasion, written by the team for this product: each group's first character is
 * the one lists use, the others are what people type instead (加威信, 薇芯, 尼玛, 约泡). The matcher treats a group as
 * one character class, but only for words flagged `homophone`: every other word still needs its own characters
 * (the engine re-checks their spans), so 威信 never hits an unflagged 微信.
 *
 * Rules for the table: a character belongs to one group only; no digits (一…九 are folded to 0-9 first) and no
 * traditional forms (they are folded to simplified before this table is read); groups stay small and specific —
 * everyday characters whose swap reads as a different ordinary word are left out (加分 for 加粉, 网袋 for 网贷,
 * 博采 for 博彩, 吐槽你 for 操你).
 */
export const homophoneGroups: readonly string[] = [
  '微威薇维巍溦嶶',
  '信芯鑫馨昕忻',
  '加伽珈嘉迦枷',
  '代玳岱贷埭',
  '群裙峮',
  '扣蔻寇叩筘',
  '号浩皓昊颢',
  '刷唰涮',
  '单丹郸箪殚',
  '赚撰馔篆',
  '钱钳黔',
  '赌堵睹笃',
  '博搏膊驳帛',
  '彩睬踩',
  '黄皇簧璜蝗煌',
  '色涩瑟啬',
  '毒犊渎椟',
  '枪锵羌腔戕',
  '票漂嘌骠',
  '嫖瓢飘剽',
  '操糙曹嘈艹草',
  '妈马码玛蚂犸嬷',
  '逼比笔哔币毕屄',
  '死私思斯撕丝嘶',
  '你尼泥妮伱拟',
  '炮泡疱袍',
  '卡咔佧胩',
  '返反饭贩梵',
  '利力立莉俐粒厉',
  '骚搔瘙臊',
  '猪朱珠株诸蛛侏',
  '盘磐蟠槃',
  '傻沙煞莎纱',
  '职织只值植',
  '诈炸榨蚱乍',
  '骗谝翩偏篇',
];

let folding: Map<number, number> | undefined;

/** Code point → the first character of its group, for every character of the table except the firsts. */
export function homophoneFolding(): ReadonlyMap<number, number> {
  if (folding) return folding;
  const built = new Map<number, number>();
  for (const group of homophoneGroups) {
    const [first, ...others] = Array.from(group).map((character) => character.codePointAt(0)!);
    for (const other of others) built.set(other, first!);
  }
  folding = built;
  return built;
}

let representatives: Set<number> | undefined;

/** The first character of every group: a word containing one of them is affected by the folding. */
export function homophoneRepresentatives(): ReadonlySet<number> {
  representatives ??= new Set(homophoneGroups.map((group) => group.codePointAt(0)!));
  return representatives;
}
