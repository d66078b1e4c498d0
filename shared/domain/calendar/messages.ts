/**
 * Messages the domain produces for people (gaps, cap warnings) are i18n keys with params, so the UI and the
 * CLI translate them. A param whose name ends in `Key` is itself a key: it is translated first (with the same
 * params) and passed on without the suffix, e.g. contentTypeKey 'calendar.contentTypes.tutorial' fills {{contentType}}.
 */
export type MessageParams = Record<string, string | number>;

export interface DomainMessage {
  messageKey: string;
  params: MessageParams;
}

export type Translate = (key: string, params?: MessageParams) => string;

export function describeMessage(message: DomainMessage, translate: Translate): string {
  const resolved: MessageParams = {};
  for (const [name, value] of Object.entries(message.params)) {
    if (name.endsWith('Key') && typeof value === 'string') {
      resolved[name.slice(0, -'Key'.length)] = translate(value, message.params);
    } else {
      resolved[name] = value;
    }
  }
  return translate(message.messageKey, resolved);
}
