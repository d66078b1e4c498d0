/**
 * Message content helpers shared by the parsers: raw XML from the WeChat database (MemoTrace CSV, PyWxDump system
 * rows), HTML-escaped names, typed system notices and the names they mention (which drive join/leave history).
 */
import type { MessageKind } from '../../../shared/domain/types';
import type { SystemEvent } from './types';

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return safeCodePoint(Number.parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return safeCodePoint(Number(name.slice(1)), whole);
    return entities[name.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
    ? String.fromCodePoint(code)
    : fallback;
}

/** Notice text without its XML: `<revokemsg>…</revokemsg>`, CDATA wrappers, the 重新编辑 link, entities. */
export function stripMarkup(text: string): string {
  if (!text.includes('<') && !text.includes('&')) return text.trim();
  const withoutCdata = text.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1');
  const withoutLinks = withoutCdata.replace(/<a\b[^>]*>[\s\S]*?<\/a>/gi, '');
  return decodeEntities(withoutLinks.replace(/<[^<>]{0,2000}>/g, '')).trim();
}

/** Inner text of the first `<tag>` in an XML fragment, or null. */
export function xmlText(xml: string, tag: string): string | null {
  const open = xml.indexOf(`<${tag}>`);
  if (open === -1) return null;
  const close = xml.indexOf(`</${tag}>`, open);
  if (close === -1) return null;
  return stripMarkup(xml.slice(open + tag.length + 2, close)) || null;
}

/** MemoTrace escapes names for HTML/JS even in its TXT export: `&amp;`, `\'`, `\"`. */
export function unescapeExportName(name: string): string {
  return decodeEntities(name.replace(/\\(['"\\])/g, '$1'));
}

const quotedName = /["“]([^"”]{1,200})["”]/g;

function quotedNames(text: string): string[] {
  return [...text.matchAll(quotedName)].map((match) => match[1]!);
}

function splitNames(list: string): string[] {
  // `$username$` is an unexpanded template from newer WeChat builds: no name to record.
  return list
    .split(/[、,，]/)
    .map((name) => name.trim())
    .filter((name) => name.length > 0 && !name.includes('$'));
}

const noticePatterns: readonly (readonly [RegExp, SystemEvent])[] = [
  [/撤回了一条消息/, 'recall'],
  [/拍了拍/, 'pat'],
  [/邀请.{1,500}加入了?群聊/, 'invite'],
  [/加入了?群聊/, 'join'],
  [/移出了?群聊|退出了?群聊/, 'leave'],
  [/修改群名为|改群名为/, 'rename'],
  [/红包/, 'redPacket'],
  [/转账/, 'transfer'],
];

/** The event a system notice reports, or null for other notices (e.g. announcements). */
export function classifyNotice(text: string): SystemEvent | null {
  for (const [pattern, event] of noticePatterns) if (pattern.test(text)) return event;
  return null;
}

/** Who joined, from an invite or join notice: `"张三"邀请"李四、王五"加入了群聊` -> [李四, 王五]. */
export function namesJoining(text: string): string[] {
  const invite = /邀请(.{1,500}?)加入了?群聊/.exec(text);
  if (invite) {
    const quoted = quotedNames(invite[1]!);
    return splitNames(quoted.length > 0 ? quoted.join('、') : invite[1]!);
  }
  const scanned = /^["“]([^"”]{1,200})["”]通过/.exec(text);
  if (scanned) return splitNames(scanned[1]!);
  const joined = /^["“]?([^"”]{1,200}?)["”]?\s*加入了?群聊/.exec(text);
  return joined ? splitNames(joined[1]!) : [];
}

/** Who left or was removed: `你将"张三"移出了群聊`, `"张三"退出了群聊`. */
export function namesLeaving(text: string): string[] {
  if (!/移出了?群聊|退出了?群聊/.test(text)) return [];
  const quoted = quotedNames(text);
  return quoted.length > 0 ? splitNames(quoted[0]!) : [];
}

/**
 * Text patterns that mark a line as a system notice in formats without a sender column for them
 * (WeFlow TXT, WechatExporter TXT): anchored, so a member quoting such a sentence mid-message is not caught.
 */
const bareNotice =
  /^(?:<revokemsg>)?(?:["“].{1,200}["”]\s?|你)(?:撤回了一条消息|邀请.{1,500}加入了?群聊|通过扫描.{1,200}加入群聊|加入了?群聊|拍了拍.{0,200}|将["“].{1,200}["”]移出了群聊|退出了群聊|修改群名为.{0,200})(?:<\/revokemsg>)?$/;

export function isBareNotice(text: string): boolean {
  return bareNotice.test(text);
}

export interface ContentType {
  kind: MessageKind;
  systemEvent: SystemEvent | null;
}

const textType: ContentType = { kind: 'text', systemEvent: null };

/** `[图片]`-style placeholders written by the TXT exporters (and chatlog's markdown-ish forms). */
const placeholderTypes: readonly (readonly [RegExp, ContentType])[] = [
  [/^!?\[图片\](?:\([^)]*\))?$/, { kind: 'image', systemEvent: null }],
  [/^\[(?:语音|语音消息)(?:[^\]]*)\]/, { kind: 'voice', systemEvent: null }],
  [/^!?\[视频\](?:\([^)]*\))?$/, { kind: 'video', systemEvent: null }],
  [/^!?\[(?:表情|表情包|动画表情)(?:[：:][^\]]*)?\]/, { kind: 'emoji', systemEvent: null }],
  [/^\[文件(?:\]|[:：|])/, { kind: 'file', systemEvent: null }],
  [/^\[(?:链接|音乐分享|音乐|小程序)(?:\]|[|:：])/, { kind: 'link', systemEvent: null }],
  [/^\[红包\]/, { kind: 'other', systemEvent: 'redPacket' }],
  [/^\[转账(?:\]|[|:：])|^微信转账/, { kind: 'other', systemEvent: 'transfer' }],
  [
    /^\[(?:位置|名片|个人名片|语音通话|视频通话|通话|合并转发|转发的聊天记录|聊天记录)(?:\]|[|:：])/,
    { kind: 'other', systemEvent: null },
  ],
];

export function classifyPlaceholder(content: string): ContentType {
  const first = content.charCodeAt(0);
  // Only `[`, `!` (chatlog's `![图片](…)`) and 微 (微信转账) can start a placeholder.
  if (first !== 91 && first !== 33 && first !== 0x5fae) return textType;
  for (const [pattern, type] of placeholderTypes) if (pattern.test(content)) return type;
  return textType;
}
