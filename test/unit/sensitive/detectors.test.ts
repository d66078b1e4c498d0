/**
 * Detector table: each detector's positives (with separators, Chinese and full-width digits, obfuscation) and its
 * look-alike negatives (dates, order numbers, prices, versions, mentions). Cases D-* are from the design note.
 */
import { describe, expect, it } from 'vitest';
import { compileEngine, idCardValid, luhnValid, type DetectorKind } from '../../../shared/domain/sensitive';

interface DetectorCase {
  name: string;
  text: string;
  /** [kind, original text of the span] */
  expected: [DetectorKind, string][];
}

const engine = compileEngine([], { competitorDomains: ['rival.com', 'www.other-shop.cn'] });

const positives: DetectorCase[] = [
  // Mobile numbers
  { name: 'D-1 plain mobile', text: '手机13800138000', expected: [['mobile', '13800138000']] },
  {
    name: 'D-1 +86 with spaces',
    text: '电话 +86 138 0013 8000 谢谢',
    expected: [['mobile', '86 138 0013 8000']],
  },
  { name: 'D-1 dashed', text: '138-0013-8000', expected: [['mobile', '138-0013-8000']] },
  {
    name: 'B-10 one digit at a time',
    text: '1 3 8 0 0 1 3 8 0 0 0',
    expected: [['mobile', '1 3 8 0 0 1 3 8 0 0 0']],
  },
  { name: 'B-10 dotted', text: '打138.0013.8000', expected: [['mobile', '138.0013.8000']] },
  {
    name: 'B-7 capital numerals',
    text: '壹叁捌零零壹叁捌零零零',
    expected: [['mobile', '壹叁捌零零壹叁捌零零零']],
  },
  { name: 'B-8 spoken 幺', text: '幺三八零零幺三八零零零', expected: [['mobile', '幺三八零零幺三八零零零']] },
  { name: 'B-9 circled digits and 〇', text: '①③⑧〇〇①③⑧〇〇〇', expected: [['mobile', '①③⑧〇〇①③⑧〇〇〇']] },
  {
    name: 'full-width digits',
    text: '联系１３８００１３８０００',
    expected: [['mobile', '１３８００１３８０００']],
  },
  {
    name: 'zero-width characters inside',
    text: '138\u200b0013\u200d8000',
    expected: [['mobile', '138\u200b0013\u200d8000']],
  },
  { name: 'mathematical digits (astral)', text: '打𝟏𝟑𝟖𝟎𝟎𝟏𝟑𝟖𝟎𝟎𝟎', expected: [['mobile', '𝟏𝟑𝟖𝟎𝟎𝟏𝟑𝟖𝟎𝟎𝟎']] },
  { name: 'emoji around a number', text: '😀13800138000😀', expected: [['mobile', '13800138000']] },
  { name: 'mobile after a date', text: '2024.05.06 13800138000', expected: [['mobile', '13800138000']] },
  {
    name: 'mobile with 两 for 2',
    text: '一三两零零一三八零零零',
    expected: [['mobile', '一三两零零一三八零零零']],
  },
  // Landlines
  { name: 'D-2 landline', text: '座机010-12345678', expected: [['landline', '010-12345678']] },
  { name: 'four-digit area code', text: '0755-1234567', expected: [['landline', '0755-1234567']] },
  { name: '400 hotline', text: '客服400-800-1234', expected: [['landline', '400-800-1234']] },
  // ID cards
  {
    name: 'D-3 ID card with X',
    text: '身份证11010519491231002X',
    expected: [['idCard', '11010519491231002X']],
  },
  {
    name: 'ID card with lower-case x',
    text: '身份证11010519491231002x',
    expected: [['idCard', '11010519491231002x']],
  },
  { name: 'ID card in groups', text: '110105 19491231 002X', expected: [['idCard', '110105 19491231 002X']] },
  // Bank cards
  {
    name: 'D-5 UnionPay card',
    text: '卡号6222021234567890128',
    expected: [['bankCard', '6222021234567890128']],
  },
  {
    name: 'D-5 Visa test card in groups',
    text: '4111 1111 1111 1111',
    expected: [['bankCard', '4111 1111 1111 1111']],
  },
  { name: 'dashed card', text: '4111-1111-1111-1111', expected: [['bankCard', '4111-1111-1111-1111']] },
  // Email
  {
    name: 'D-6 email',
    text: '楼主好人，邮箱 sensitiveword@xx.com',
    expected: [['email', 'sensitiveword@xx.com']],
  },
  { name: 'full-width email', text: 'ａｂｃ＠ｑｑ．ｃｏｍ', expected: [['email', 'ａｂｃ＠ｑｑ．ｃｏｍ']] },
  {
    name: 'email with dots and plus',
    text: 'mail: li.lei+group@mail.example.cn。',
    expected: [['email', 'li.lei+group@mail.example.cn']],
  },
  // URLs and domains
  {
    name: 'D-7 URL with scheme',
    text: '点击链接 https://www.baidu.com 查看答案',
    expected: [['url', 'https://www.baidu.com']],
  },
  {
    name: 'D-7 two bare domains',
    text: '也可以是 baidu.com、www.baidu.com',
    expected: [
      ['url', 'baidu.com'],
      ['url', 'www.baidu.com'],
    ],
  },
  {
    name: 'D-7 full-width domain',
    text: 'ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ',
    expected: [['url', 'ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ']],
  },
  { name: 'D-7 点 for the dot', text: 'baidu点com', expected: [['url', 'baidu点com']] },
  { name: 'D-7 short link with path', text: '戳 t.cn/A6xyz 看', expected: [['url', 't.cn/A6xyz']] },
  // A Chinese numeral after a link ends it (the view reads 三 as 3, which a link may hold); written digits do not.
  { name: 'link, then a Chinese numeral', text: 'www.abc.com三个', expected: [['url', 'www.abc.com']] },
  { name: 'short link, then numerals', text: 't.cn/xyz一二', expected: [['url', 't.cn/xyz']] },
  { name: 'a numeral, then a link', text: '第三www.abc.com', expected: [['url', 'www.abc.com']] },
  { name: 'bare domain, then 一下', text: '上abc.com一下', expected: [['url', 'abc.com']] },
  { name: 'scheme link, then 二维码', text: '扫https://a.cn/x二维码', expected: [['url', 'https://a.cn/x']] },
  { name: '点 link, then a numeral', text: 'baidu点com三次', expected: [['url', 'baidu点com']] },
  { name: 'link path with ASCII digits', text: 't.cn/xyz12好', expected: [['url', 't.cn/xyz12']] },
  { name: 'link path with full-width digits', text: 't.cn/xyz１２好', expected: [['url', 't.cn/xyz１２']] },
  { name: 'www host, then a numeral', text: '上www.4399三次', expected: [['url', 'www.4399']] },
  {
    name: 'URL with path and query',
    text: '看http://shop.example.cn/a?b=1好',
    expected: [['url', 'http://shop.example.cn/a?b=1']],
  },
  { name: 'upper-case domain', text: 'WWW.EXAMPLE.COM', expected: [['url', 'WWW.EXAMPLE.COM']] },
  // A scheme or www. makes a link whatever the host: no known TLD needed, and an IP host is also an IP.
  {
    name: 'scheme link to an IP host',
    text: '后台 http://192.168.1.1/admin 登录',
    expected: [
      ['url', 'http://192.168.1.1/admin'],
      ['ipv4', '192.168.1.1'],
    ],
  },
  {
    name: 'scheme link, unlisted TLD',
    text: '打开https://shop.example.zz看看',
    expected: [['url', 'https://shop.example.zz']],
  },
  {
    name: 'scheme link, single-label host',
    text: '内网 http://intranet/wiki',
    expected: [['url', 'http://intranet/wiki']],
  },
  {
    name: 'full-width scheme',
    text: 'ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｚｚ',
    expected: [['url', 'ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｚｚ']],
  },
  { name: 'www. host with digits', text: '上www.4399玩', expected: [['url', 'www.4399']] },
  { name: 'www. host, unlisted TLD', text: '去www.shop.zz', expected: [['url', 'www.shop.zz']] },
  {
    name: 'D-8 IPv4',
    text: '个人网站，如果网址打不开可以访问 127.0.0.1。',
    expected: [['ipv4', '127.0.0.1']],
  },
  // WeChat and QQ
  { name: 'D-9 wxid after a cue', text: '加我vx：wxid_abc123', expected: [['wechatId', 'wxid_abc123']] },
  { name: 'D-9 WeChat ID after 微信号', text: '微信号：abc_123456', expected: [['wechatId', 'abc_123456']] },
  {
    name: 'E-1 加V',
    text: '日结兼职，加V：abc888',
    expected: [
      ['scam', '日结兼职'],
      ['wechatId', 'abc888'],
    ],
  },
  { name: 'vx with a space', text: 'vx zhangsan88', expected: [['wechatId', 'zhangsan88']] },
  { name: '加 + ID with digits', text: '加abc12345', expected: [['wechatId', 'abc12345']] },
  { name: '加一下 vx glued to the ID', text: '加一下vxzhangsan', expected: [['wechatId', 'zhangsan']] },
  { name: '加一下微信 glued to the ID', text: '加一下微信zhangsan', expected: [['wechatId', 'zhangsan']] },
  { name: 'bare wxid', text: '我的 wxid_9x8y7z6', expected: [['wechatId', 'wxid_9x8y7z6']] },
  { name: 'D-9 QQ', text: 'QQ：123456789', expected: [['qq', '123456789']] },
  { name: 'D-9 扣扣', text: '扣扣 123456789', expected: [['qq', '123456789']] },
  { name: 'D-9 企鹅号', text: '企鹅号123456789', expected: [['qq', '123456789']] },
  { name: 'QQ group', text: 'qq群：654321', expected: [['qq', '654321']] },
];

const negatives: DetectorCase[] = [
  { name: 'date with dashes', text: '活动时间 2024-05-06', expected: [] },
  { name: 'C-11 date glued to a name', text: '20100506张三出生', expected: [] },
  { name: 'C-11 order number', text: '订单号20240506123456', expected: [] },
  { name: 'price', text: '价格￥138.00元', expected: [] },
  { name: 'ten digits', text: '编号1380013800', expected: [] },
  { name: 'twelve digits', text: '138001380001', expected: [] },
  { name: 'phone-like digits inside a longer run', text: '2013800138000', expected: [] },
  { name: 'date and time', text: '时间 2024.05.06 12:30', expected: [] },
  { name: 'digits glued to letters', text: 'A1002481003吃饭', expected: [] },
  { name: 'tracking number with letters', text: '快递单号 SF1234567890123', expected: [] },
  { name: 'D-4 ID card with a bad checksum', text: '身份证110105194912310021', expected: [] },
  { name: 'Luhn-valid order number after a cue', text: '订单号 4111111111111111', expected: [] },
  { name: 'Luhn-invalid card-like number', text: '卡号6222021234567890123', expected: [] },
  { name: 'amount with thousands separators', text: '共13,800,138,000元', expected: [] },
  { name: 'version number', text: '升级到 v1.2.3 了', expected: [] },
  { name: 'version with four parts after v', text: '版本v10.2.3.4', expected: [] },
  { name: 'pi', text: '圆周率3.14', expected: [] },
  { name: 'decimal price', text: '12.50元一斤', expected: [] },
  { name: 'WeChat mention', text: '@张三 你好', expected: [] },
  { name: 'at without a domain', text: 'abc@def', expected: [] },
  { name: 'file name', text: '发一下 report.docx', expected: [] },
  { name: 'a scheme with no host', text: '协议写 http:// 就行', expected: [] },
  { name: 'www with no host', text: 'www.就是万维网', expected: [] },
  { name: 'time with a colon and a slash', text: '10:30/11:00 两场', expected: [] },
  { name: '一下 without a WeChat cue', text: '加一下zhangsan', expected: [] },
  { name: 'Chinese file name', text: '文件.pdf 在群文件', expected: [] },
  { name: 'node.js is not a domain', text: '用node.js写的', expected: [] },
  { name: 'Mr.Li', text: '请Mr.Li回复', expected: [] },
  { name: 'sentence end then a word', text: '好的.ok', expected: [] },
  { name: '加油', text: '加油加油 abcdefg', expected: [] },
  { name: '加班', text: '加班到很晚', expected: [] },
  { name: 'WeChat pay', text: '微信支付成功', expected: [] },
  { name: 'vip is not v + ID', text: '开通vip7036会员', expected: [] },
  { name: '加 + word without digits', text: '加iPhone壳', expected: [] },
  { name: 'my WeChat name', text: '我的微信名叫abcdefg', expected: [] },
  { name: 'QQ music', text: 'QQ音乐很好听', expected: [] },
  { name: 'QQ digits inside a domain', text: 'qq12345.kmip', expected: [] },
  { name: 'red packets in a normal chat', text: '今天群里抢红包好热闹', expected: [] },
  { name: 'a transfer between friends', text: '我转账给你了，饭钱', expected: [] },
  { name: 'a part-time job mentioned', text: '我在做兼职，周末有空', expected: [] },
  { name: 'a refund done', text: '订单已退款，谢谢客服', expected: [] },
  { name: 'withdrawing red packets', text: '红包提现到银行卡了', expected: [] },
  { name: 'transfer fee question', text: '跨行转账手续费多少', expected: [] },
  { name: 'investment chat', text: '投资理财有风险', expected: [] },
];

const scam: DetectorCase[] = [
  { name: 'E-1 brushing with rebates', text: '刷单返利，日结', expected: [['scam', '刷单返利，日结']] },
  { name: 'E-1 evasion inside the cue', text: '刷@单返利', expected: [['scam', '刷@单返利']] },
  { name: 'E-1 traditional cue', text: '刷單返現', expected: [['scam', '刷單返現']] },
  { name: 'E-2 amount after 日入', text: 'USDT跑分日入过千', expected: [['scam', '日入']] },
  { name: 'E-2 digits after 日赚', text: '在家日赚500', expected: [['scam', '日赚']] },
  {
    name: 'E-3 frozen account fee',
    text: '您的账户已冻结，需缴纳解冻保证金',
    expected: [['scam', '冻结，需缴纳解冻保证金']],
  },
  { name: 'transfer to activate', text: '先转账激活账户', expected: [['scam', '转账激活']] },
  { name: 'investment promises', text: '跟着导师投资稳赚不赔', expected: [['scam', '导师投资稳赚不赔']] },
  {
    name: 'customer service and screen sharing',
    text: '客服让我开屏幕共享',
    expected: [['scam', '客服让我开屏幕共享']],
  },
  {
    name: 'cues too far apart',
    text: '刷单的事情我们以后再说吧，今天先聊聊别的话题，有空再讲返利',
    expected: [],
  },
];

function run(testCase: DetectorCase) {
  const hits = engine.scan(testCase.text).filter((hit) => hit.rule === 'detector');
  return hits.map((hit) => [hit.detector!, hit.text] as [DetectorKind, string]);
}

describe('detector positives', () => {
  it.each(positives.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    expect(run(testCase)).toEqual(testCase.expected);
  });
});

describe('detector look-alike negatives', () => {
  it.each(negatives.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    expect(run(testCase)).toEqual(testCase.expected);
  });
});

describe('scam phrasing', () => {
  it.each(scam.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    expect(run(testCase)).toEqual(testCase.expected);
  });
});

describe('detector details', () => {
  it('normalises the value and maps offsets back through full-width text', () => {
    const [hit] = engine.scan('联系１３８００１３８０００');
    expect(hit).toMatchObject({
      word: '13800138000',
      start: 2,
      end: 13,
      category: 'privacy',
      list: 'detector:mobile',
    });
  });

  it('marks links to a competitor domain', () => {
    const hits = engine.scan(
      '去 https://shop.rival.com/item 买，或者 www.other-shop.cn 也行，百度 baidu.com',
    );
    expect(hits.map((hit) => [hit.text, hit.category])).toEqual([
      ['https://shop.rival.com/item', 'competitor'],
      ['www.other-shop.cn', 'competitor'],
      ['baidu.com', 'ads'],
    ]);
    expect(hits[0]!.severity).toBe('high');
  });

  it('can switch detectors off or change their settings', () => {
    const quiet = compileEngine([], {
      detectors: { mobile: false, email: { severity: 'critical', action: 'mute' } },
    });
    expect(quiet.scan('13800138000')).toEqual([]);
    expect(quiet.scan('a@b.com')[0]).toMatchObject({
      detector: 'email',
      severity: 'critical',
      action: 'mute',
    });
    expect(compileEngine([], { detectors: false }).scan('13800138000 a@b.com')).toEqual([]);
  });

  it('an allow phrase covering a detector hit cancels it', () => {
    const withAllow = compileEngine([
      { name: '白名单', kind: 'allow', words: [{ word: '客服电话400-800-1234' }] },
    ]);
    expect(withAllow.scan('客服电话400-800-1234')).toEqual([]);
  });

  it('validates ID cards and Luhn numbers', () => {
    expect(idCardValid('11010519491231002X')).toBe(true);
    expect(idCardValid('110105194912310021')).toBe(false);
    expect(idCardValid('110105194913310029')).toBe(false); // month 13
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('6222021234567890128')).toBe(true);
  });
});
