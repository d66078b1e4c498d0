/**
 * Messages the domain produces for people (gaps, cap warnings) are i18n keys with params, so the UI and the
 * CLI translate them. A param whose name ends in `Key` is itself a key: it is translated first (with the same
 * params) and passed on without the suffix, e.g. contentTypeKey 'calendar.contentTypes.tutorial' fills {{contentType}};
 * it wins over a plain param of that name, which callers without this step (the CLI's error printer) show instead.
 */
export type MessageParams = Record<string, string | number>;

export interface DomainMessage {
  messageKey: string;
  params: MessageParams;
}

export type Translate = (key: string, params?: MessageParams) => string;

/** The params with every `…Key` one translated into the param without the suffix (which it wins over). */
export function resolveMessageParams(params: MessageParams, translate: Translate): MessageParams {
  const resolved: MessageParams = { ...params };
  for (const [name, value] of Object.entries(params)) {
    if (name.endsWith('Key') && typeof value === 'string')
      resolved[name.slice(0, -'Key'.length)] = translate(value, params);
  }
  return resolved;
}

export function describeMessage(message: DomainMessage, translate: Translate): string {
  return translate(message.messageKey, resolveMessageParams(message.params, translate));
}
