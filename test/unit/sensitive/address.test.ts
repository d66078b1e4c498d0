/**
 * The street-address detector: addresses as people post them (provinces down to rooms, estate shorthand, Chinese,
 * full-width and traditional characters, spaces) with exact spans, and ordinary chat that mentions roads, lines,
 * dates, floors and units without giving an address away.
 */
import { describe, expect, it } from 'vitest';
import { compileEngine } from '../../../shared/domain/sensitive';
import { bmpHanClass } from '../../../shared/domain/sensitive/address';

const engine = compileEngine([], { detectors: { address: true } });
const addresses = (text: string) =>
  engine
    .scan(text)
    .filter((hit) => hit.detector === 'address')
    .map((hit) => hit.text);

/** [message, the address span(s) in it] */
const positives: [string, string[]][] = [
  ['广东省深圳市南山区科技园路88号', ['广东省深圳市南山区科技园路88号']],
  ['北京市朝阳区建国路93号万达广场3号楼1单元502室', ['北京市朝阳区建国路93号万达广场3号楼1单元502室']],
  ['我家住在幸福路128号，有空来玩', ['幸福路128号']],
  ['快递寄到杭州市西湖区文三路456号就行', ['杭州市西湖区文三路456号']],
  ['阳光小区5栋2单元301', ['阳光小区5栋2单元301']],
  ['地址：上海市浦东新区世纪大道100号', ['上海市浦东新区世纪大道100号']],
  ['我住翠苑三区12幢3单元502室', ['翠苑三区12幢3单元502室']],
  ['幸福里小区3号楼2单元，来了打电话', ['幸福里小区3号楼2单元']],
  ['3号楼2单元1102', ['3号楼2单元1102']],
  ['住在锦绣花园8栋1203', ['锦绣花园8栋1203']],
  ['东城区东直门南大街5号', ['东城区东直门南大街5号']],
  ['天河区体育西路103号维多利广场B座2501', ['天河区体育西路103号维多利广场B座2501']],
  ['收货地址：江苏省南京市鼓楼区中山北路28号', ['江苏省南京市鼓楼区中山北路28号']],
  ['成都市武侯区人民南路四段27号', ['成都市武侯区人民南路四段27号']],
  ['上海市静安区愚园路88弄3号', ['上海市静安区愚园路88弄3号']],
  ['李家村3组12号', ['李家村3组12号']],
  ['石岩镇官田村5组20号', ['石岩镇官田村5组20号']],
  ['万科城3期5栋2单元', ['万科城3期5栋2单元']],
  ['碧桂园十期12栋', ['碧桂园十期12栋']],
  ['朝阳区三里屯路19号院1号楼', ['朝阳区三里屯路19号院1号楼']],
  ['幸福路１２８号', ['幸福路１２８号']],
  ['幸福路一百二十八号', ['幸福路一百二十八号']],
  ['他就住5栋2单元', ['5栋2单元']],
  ['华府小区6-2-301', ['华府小区6-2-301']],
  ['西湖区文一西路 998 号', ['西湖区文一西路 998 号']],
  ['廣東省深圳市福田區深南大道6008號', ['廣東省深圳市福田區深南大道6008號']],
  ['我的地址是浙江省杭州市余杭区文一西路969号，电话后面发', ['浙江省杭州市余杭区文一西路969号']],
  ['海淀区中关村大街1号', ['海淀区中关村大街1号']],
  ['丰台区方庄芳古园一区5号楼3单元', ['丰台区方庄芳古园一区5号楼3单元']],
  ['南山区粤海街道科技南十二路2号', ['南山区粤海街道科技南十二路2号']],
  ['麻烦寄到：长安街1号', ['长安街1号']],
  ['这个小区3栋2单元的业主', ['3栋2单元']],
  ['金色家园7号楼602室', ['金色家园7号楼602室']],
  ['国贸大厦1508室', ['国贸大厦1508室']],
  ['住在 幸福路\u200b128号', ['幸福路\u200b128号']],
  // A letter for the building, 十 in a house number, a lone room, a road with the estate shorthand.
  ['阳光小区A座502', ['阳光小区A座502']],
  ['我家在阳光小区Ｂ栋1201，晚上在', ['阳光小区Ｂ栋1201']],
  ['金色家园c幢2单元', ['金色家园c幢2单元']],
  ['寄到幸福路十号', ['幸福路十号']],
  ['幸福路三十号', ['幸福路三十号']],
  ['幸福路 十 号', ['幸福路 十 号']],
  ['302房', ['302房']],
  ['我住1502室，直接上来', ['1502室']],
  ['幸福路6-2-301', ['幸福路6-2-301']],
  ['住人民街12-3-502', ['人民街12-3-502']],
  ['阳光小区5楼502', ['阳光小区5楼502']],
  ['翠苑大厦12层1203', ['翠苑大厦12层1203']],
  ['幸福路六号A座', ['幸福路六号A座']],
  ['幸福路8号院3号楼', ['幸福路8号院3号楼']],
  ['金沙江路1008弄12号501室', ['金沙江路1008弄12号501室']],
];

/** Chat that talks about places, lines, dates and rooms without an address in it. */
const negatives: string[] = [
  '我在路上，马上到',
  '坐三号线到人民广场站',
  '下周三号开会',
  '5月20号去万达广场吃饭',
  '这道题是第三单元的内容',
  '三室两厅的房子多少钱',
  '一路顺风，注意安全',
  '11路公交车停运了',
  '我家在杭州市西湖区',
  '北京市朝阳区的朋友举手',
  '我们小区门口新开了一家店',
  '这个小区的物业太差了',
  '路口交通堵了',
  '2号楼下集合',
  '3号见',
  '在人民广场3号口出来',
  '南京路步行街人很多',
  '我到市区了',
  '去医院3号楼拿报告',
  '明天8号，中山路那家店关门',
  '区块链3号项目上线',
  '二环路3号开始限行',
  '街道办的通知收到了',
  '一区二区三区都在抢购',
  '价格299元，包邮到家',
  '今天是2024年3月5号',
  '我住3楼',
  '快递到了放在门口',
  '阳光小区5号停水',
  '高速路上3号车道封了',
  '三号楼和五号楼之间有个花坛',
  '5栋的业主请注意',
  '这周末3单元停电',
  '路过人民路的时候买了杯奶茶',
  '十一路公交很挤',
  '区间3-5天发货',
  '楼主说的303室友是谁',
  '住在五道口附近',
  '广场舞3点开始',
  '中山公园3号门集合',
  '第5栋2单元的同学留下',
  '万达广场3楼有电影院',
  '订单号 20240305 已发货',
  '人民路上有3家店',
  '第302房间的空调坏了',
  '我住302房间',
  '三号选手加油',
  '10号发货',
  '9月10号到货',
  '三十号发工资',
  '价格302元',
  '2024房价涨了',
  '月租3000房租另算',
  '1500房费已付',
  '这套房120平，总价300万',
  '开了2间房',
  'A座见',
  'B栋的业主请注意',
  '我们A座的同事中午聚餐',
  '十号楼下集合',
  '售价6-2-301元',
  '12302房',
  '温度26室内很舒服',
];

describe('address detector', () => {
  it('has at least thirty positives and thirty tricky negatives', () => {
    expect(positives.length).toBeGreaterThanOrEqual(30);
    expect(negatives.length).toBeGreaterThanOrEqual(30);
  });

  it.each(positives)('finds the address in %s', (text, expected) => {
    expect(addresses(text)).toEqual(expected);
  });

  it.each(negatives)('stays quiet on %s', (text) => {
    expect(addresses(text)).toEqual([]);
  });

  it('reports offsets into the original text, emoji and astral characters before it included', () => {
    const text = '😀𠮷 寄到：幸福路128号3栋';
    const hit = engine.scan(text).find((candidate) => candidate.detector === 'address')!;
    expect(text.slice(hit.start, hit.end)).toBe('幸福路128号3栋');
    expect(hit).toMatchObject({ category: 'privacy', list: 'detector:address', rule: 'detector' });
    expect(hit.word).toBe('幸福路128号3栋');
  });

  it('maps the new shapes back to original offsets (full-width letter, Chinese numerals, emoji before)', () => {
    const cases: [string, string][] = [
      ['😀寄到阳光小区Ａ座五零二谢谢', '阳光小区Ａ座五零二'],
      ['𠮷 幸福路十号见', '幸福路十号'],
      ['房号是 三零二房 哦', '三零二房'],
      ['👍🏻幸福路6-2-301', '幸福路6-2-301'],
    ];
    for (const [text, expected] of cases) {
      const hits = engine.scan(text).filter((candidate) => candidate.detector === 'address');
      expect(hits, text).toHaveLength(1);
      const hit = hits[0]!;
      expect(hit.start, text).toBe(text.indexOf(expected));
      expect(hit.end, text).toBe(text.indexOf(expected) + expected.length);
    }
  });

  it('normalises the value (digits) while the text stays original', () => {
    const hit = engine
      .scan('阳光小区五栋二单元三零一')
      .find((candidate) => candidate.detector === 'address')!;
    expect(hit.text).toBe('阳光小区五栋二单元三零一');
    expect(hit.word).toBe('阳光小区5栋2单元301');
  });

  it('is switched off like any other detector', () => {
    const quiet = compileEngine([], { detectors: { address: false } });
    expect(quiet.scan('幸福路128号').filter((hit) => hit.detector === 'address')).toEqual([]);
  });

  it('spells Han characters as \\p{Script=Han} does, over the whole BMP', () => {
    const listed = new RegExp(`^[${bmpHanClass}]$`);
    const property = /^\p{Script=Han}$/u;
    const differing: string[] = [];
    for (let unit = 0; unit < 0x10000; unit++) {
      if (unit >= 0xd800 && unit <= 0xdfff) continue;
      const char = String.fromCharCode(unit);
      if (listed.test(char) !== property.test(char)) differing.push(unit.toString(16));
    }
    expect(differing).toEqual([]);
  });
});
