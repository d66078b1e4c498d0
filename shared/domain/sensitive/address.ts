/**
 * Street addresses (a privacy leak when someone posts where they live): a grammar over the detector's view of the
 * text (digits folded to 0-9, so 三号楼 reads 3号楼; width and case folded). An address needs a number that only an
 * address has — a house number right after a road, a building, unit or room — tied to a named place or to a second
 * such number:
 *
 *   [省/市/区/县/镇/街道]… road 路/街/巷/大道… [N段] [N组] N号/N弄 [estate] [building…]
 *   [省/市/区…] [road N号] estate 小区/花园/大厦/苑… [N期/N区] building/unit/room (or 6-2-301)
 *   N栋/N号楼 + N单元 and/or room (3栋2单元501)
 *   a room marked 室 or 房 on its own (302房, 1502室)
 *
 * So 我在路上, 三号线, 5月20号去万达广场, 第三单元, 三室两厅 and a bare 2号楼 stay quiet. Names are Han characters
 * (and digits after the first); a name swallowing the words before it (我家住在幸福路) is cut after the last
 * 在/住/到/是/：and leading pronouns are dropped, then the grammar must still match from there.
 */

/**
 * \p{Script=Han} within the BMP, as the body of a character class: the view holds BMP characters only (astral ones
 * become U+FFFD), and without the `u` flag the grammar runs about a third faster. A test holds it to the property.
 */
export const bmpHanClass =
  '\\u2e80-\\u2e99\\u2e9b-\\u2ef3\\u2f00-\\u2fd5\\u3005\\u3007\\u3021-\\u3029\\u3038-\\u303b\\u3400-\\u4dbf\\u4e00-\\u9fff' +
  '\\uf900-\\ufa6d\\ufa70-\\ufad9';
const han = `[${bmpHanClass}]`;
/** A place name: a Han character first (11路 is a bus), then Han characters or digits (三里屯 reads 3里屯). */
const name = (most: number): string => `(?:[0-9]?${han}[${bmpHanClass}0-9]{0,${most - 1}}?)`;
const number = '[0-9十百]{1,5}';
const space = ' ?';

const adminSuffix = '(?:省|自治区|市|[区區]|[县縣]|[镇鎮]|[乡鄉]|街道)';
const roadSuffix = '(?:大道|大街|路|街|巷|胡同|村)';
const estateSuffix =
  '(?:小[区區]|花[园園]|公寓|大[厦廈]|[广廣][场場]|家[园園]|新村|社[区區]|公[馆館]|山[庄莊]|[华華]府|大院|苑|[园園]|城)';

const admin = `(?:${name(7)}${adminSuffix}${space})`;
const road = `(?:${name(6)}${roadSuffix}(?:${number}段)?(?:${number}[组組])?)`;
/**
 * A house number; not a line, exit, gate or seat (3号线, 3号口), nor a date followed by when (3号开始, 3号晚上),
 * and 号楼 / 号院 are buildings.
 */
const house =
  `(?:${number}${space}(?:[号號]|弄)` +
  '(?![号號楼樓院线線口门門站台车車位窗机機码碼桌床球票]|出口|开始|開始|起|至|晚|早|上午|下午|中午|那天|当天|之前|之后|以前|以后|前后|左右))';
const estate = `(?:${name(10)}${estateSuffix}(?:${number}[期区區])?)`;
const building = `(?:(?:${number}(?:[号號][楼樓院]|[栋棟]|幢|座)|[a-z]${space}(?:[栋棟]|幢|座)))`;
const unit = `(?:${number}[单單]元)`;
const floor = `(?:${number}(?:[层層]|[楼樓]))`;
/** A room: marked (502室), or bare 3-4 digits right after a building, unit or floor — not an amount or a date. */
const markedRoom = `(?:${number}(?:室|[号號]?房|[户戶]))`;
const bareRoom = '(?:[0-9]{3,4}(?![0-9a-z.%]|[元块塊年月日号號个個人次天分岁歲米平万千斤克页頁期]))';
const room = `(?:${markedRoom}|${bareRoom})`;
/** Estate shorthand: building-unit-room (6-2-301) or a room with 室; digits only (the prefilter looks for them). */
const dashedNumber = '[0-9]{1,5}';
const dashed = `(?:${dashedNumber}-${dashedNumber}(?:-${dashedNumber}(?:室)?|室))`;
/**
 * A room number with nothing around it (302房, 1502室): 3-4 digits, not part of a longer number, and not 房间 / 房租 /
 * 房价 / 室友 / 室内… (第302房间的空调坏了 is about a room, not where someone lives).
 */
const lonelyRoom =
  '(?:(?<![0-9])[0-9]{3,4}(?:室|房)(?![间間子价價租费費内內外友温溫号號卡门門型源产產东東贷貸地屋]))';

/** After a building: more buildings (8号院3号楼), a unit, a floor, a room. */
const afterBuilding = `(?:${building}${space}){0,2}(?:${unit}${space})?(?:${floor}${space})?${room}?`;
const tail =
  `(?:${building}${space}${afterBuilding}|${unit}${space}(?:${floor}${space})?${room}?|${floor}${space}${room}|` +
  `${markedRoom}|${dashed})`;

const withRoad = `${road}${space}(?:${house}(?:${space}${house})?(?:${space}${estate})?(?:${space}${tail})?|${tail})`;
const withEstate = `(?:${road}${space}(?:${house}${space})?)?${estate}${space}${tail}`;
const numbersOnly = `${building}${space}(?:${building}${space})?(?:${unit}${space}(?:${floor}${space})?${room}?|${room})`;

const grammar = `(?:${admin}{0,4}(?:${withRoad}|${withEstate})|${numbersOnly}|${lonelyRoom})`;

/** Used with lastIndex: `g` to find the next candidate, `y` to check a candidate again from a later start. */
const searchPattern = new RegExp(grammar, 'g');
const stickyPattern = new RegExp(grammar, 'y');

/** Words a name may have swallowed: the address starts after the last of them before the first suffix or number. */
const lastLeadIn = /^.*(?:在|住|到|往|于|是|址|：|:)/su;
const firstSuffixOrNumber = /[0-9省市区區县縣镇鎮乡鄉街道路巷村园園苑城寓厦廈场場府院庄莊栋棟幢座单單]/u;
/** Pronouns and particles a name may start with (我家, 这个, 他们的). */
const leadingFiller = /^(?:[我你他她它咱俺们的这那个家要就了请去来]|地址|收货|位置|位于)+/u;

export interface AddressSpan {
  /** Offsets into the view's characters, end exclusive. */
  start: number;
  end: number;
}

/** Street addresses in the detector view's characters. */
export function findAddresses(chars: string): AddressSpan[] {
  const found: AddressSpan[] = [];
  searchPattern.lastIndex = 0;
  for (let match = searchPattern.exec(chars); match; match = searchPattern.exec(chars)) {
    const candidate = match[0];
    let cut = 0;
    const head = candidate.slice(0, Math.max(0, candidate.search(firstSuffixOrNumber)));
    const leadIn = lastLeadIn.exec(head);
    if (leadIn) cut = leadIn[0].length;
    const filler = leadingFiller.exec(candidate.slice(cut));
    if (filler) cut += filler[0].length;
    let start = match.index;
    let end = match.index + candidate.length;
    if (cut > 0) {
      stickyPattern.lastIndex = match.index + cut;
      const again = stickyPattern.exec(chars);
      if (!again) {
        // What is left is no address; look again just after the cut (这个小区3栋2单元 still has 3栋2单元).
        searchPattern.lastIndex = match.index + cut;
        continue;
      }
      start = again.index;
      end = again.index + again[0].length;
      searchPattern.lastIndex = end;
    }
    // 第3单元, 第5栋2单元: an ordinal, not an address.
    if (chars[start - 1] === '第') continue;
    found.push({ start, end });
  }
  return found;
}
