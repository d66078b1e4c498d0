/** The `messages` command: the archive's filters from a terminal, and its errors. */
export const archiveCli = {
  'zh-CN': {
    archive: {
      cli: {
        summary: '共 {{total}} 条消息，显示第 {{first}}–{{last}} 条（最新的在前）',
        unknownOption:
          '未知选项 {{option}}。可用：--group --sender --from --to --type --has-hit --query --limit --offset --tz',
        badInteger: '{{option}} 的值「{{value}}」不对，需要 {{min}} 到 {{max}} 之间的整数',
        badDate:
          '{{option}} 的日期「{{value}}」无法识别，请写成 2024-03-01、2024-03-01 09:30 或带时区的 2024-03-01T09:30:00+08:00',
        badRange: '开始时间（--from）需要早于结束时间（--to）',
        badType: '消息类型「{{value}}」无法识别，可用：{{allowed}}',
        queryTooLong: '搜索内容太长，最多 {{max}} 个字',
        senderNotFound: '找不到发送人「{{name}}」（可写成员编号、微信号、昵称或群昵称）',
        senderAmbiguous: '有多名成员叫「{{name}}」：{{candidates}}。请改用成员编号，或用 --group 限定群',
      },
    },
  },
  en: {
    archive: {
      cli: {
        summary: '{{total}} messages, showing {{first}}–{{last}} (newest first)',
        unknownOption:
          'Unknown option {{option}}. Available: --group --sender --from --to --type --has-hit --query --limit --offset --tz',
        badInteger: '{{option}} “{{value}}” is not valid: it needs an integer from {{min}} to {{max}}',
        badDate:
          '{{option}} “{{value}}” is not a date: write 2024-03-01, 2024-03-01 09:30 or, with a time zone, 2024-03-01T09:30:00+08:00',
        badRange: 'The start (--from) must be before the end (--to)',
        badType: 'Unknown message type “{{value}}”; available: {{allowed}}',
        queryTooLong: 'The search text is too long: at most {{max}} characters',
        senderNotFound: 'No sender “{{name}}” (give a member id, wxid, display name or group nickname)',
        senderAmbiguous:
          'Several members are called “{{name}}”: {{candidates}}. Give the member id, or narrow it with --group',
      },
    },
  },
};
