/** Chat-log import: job steps, format names, per-file errors and per-row rejection reasons. */
export const importDictionary = {
  'zh-CN': {
    import: {
      jobTitle: '导入聊天记录',
      pickTitle: '选择聊天记录导出文件',
      pickFilter: '聊天记录导出（CSV、TXT、JSON、JSONL、HTML）',
      steps: {
        hashing: '正在校验文件',
        reading: '正在读取并写入消息',
        indexing: '正在重建索引',
        finishing: '正在整理成员与入群记录',
      },
      formats: {
        'memotrace-csv': '留痕 MemoTrace CSV',
        'memotrace-txt': '留痕 MemoTrace TXT',
        'memotrace-html': '留痕 MemoTrace HTML',
        'pywxdump-csv': 'PyWxDump CSV',
        'pywxdump-json': 'PyWxDump JSON',
        'weflow-json': 'WeFlow / EchoTrace JSON',
        'weflow-txt': 'WeFlow TXT',
        'weclone-csv': 'WeFlow WeClone CSV',
        'chatlab-json': 'ChatLab JSON',
        'chatlab-jsonl': 'ChatLab JSONL',
        'chatlog-csv': 'chatlog CSV',
        'chatlog-json': 'chatlog JSON',
        'chatlog-txt': 'chatlog 文本',
        'wechatexporter-txt': 'WechatExporter TXT（iOS）',
      },
      errors: {
        fileNotFound: '找不到文件：{{path}}',
        notAFile: '不是文件：{{path}}',
        readFailed: '读取文件失败：{{path}}（{{reason}}）',
        empty: '文件是空的，没有可导入的内容',
        binary: '这不是文本文件（可能是图片、压缩包或 Excel 文件），无法导入',
        unknownFormat: '无法识别这个文件的格式。请确认它是支持的聊天记录导出，或手动选择格式',
        aiTxt:
          '这是留痕的“AI 对话”TXT 导出，只有文字、没有每条消息的时间和发送人，不能用于社群管理。请改用 CSV 或 TXT 导出',
        llmJson:
          '这是用于训练大模型的 JSON 导出，没有时间和发送人，不能用于社群管理。请改用 CSV、TXT 或 JSON 聊天记录导出',
        truncated: '文件不完整（第 {{line}} 行附近被截断），可能是导出中断或复制时出错。请重新导出后再导入',
        recordTooLong: '第 {{line}} 行过长（超过 {{limit}} 个字符），文件可能已损坏或格式不对',
        malformedJson: 'JSON 格式错误（第 {{line}} 行附近），文件可能已损坏',
        badTimeZone: '时区格式不正确：{{timeZone}}，请使用 +08:00 这样的写法',
        dateRequired: '这个 chatlog 文本导出没有写日期（或年份），请在导入选项里填写导出的日期',
        noMessages: '文件里的 {{rejected}} 条记录都无法读取，没有导入任何消息。请检查格式、编码和时区设置',
        interrupted: '导入被中断（程序退出或崩溃），已写入的批次保留，重新导入同一文件即可补全',
        groupNotFound: '找不到目标群组（编号 {{id}}）',
        noFiles: '所选文件夹里没有可导入的聊天记录文件',
      },
      rows: {
        fieldCount: '列数不对（应为 {{expected}} 列，实际 {{found}} 列）',
        badTime: '时间无法识别：{{value}}',
        badType: '消息类型无法识别：{{value}}',
        badJson: '这一条记录不是有效的 JSON',
        repeatedHeader: '重复的表头行（已跳过）',
        comment: '注释行（已跳过）',
        noHeader: '表头之前的行',
        unknownRecord: '未知的记录类型（已跳过）',
        noTime: '系统提示没有可参照的时间',
      },
    },
  },
  en: {
    import: {
      jobTitle: 'Import chat logs',
      pickTitle: 'Choose chat-log export files',
      pickFilter: 'Chat-log exports (CSV, TXT, JSON, JSONL, HTML)',
      steps: {
        hashing: 'Checking the file',
        reading: 'Reading and writing messages',
        indexing: 'Rebuilding indexes',
        finishing: 'Updating members and join history',
      },
      formats: {
        'memotrace-csv': 'MemoTrace CSV',
        'memotrace-txt': 'MemoTrace TXT',
        'memotrace-html': 'MemoTrace HTML',
        'pywxdump-csv': 'PyWxDump CSV',
        'pywxdump-json': 'PyWxDump JSON',
        'weflow-json': 'WeFlow / EchoTrace JSON',
        'weflow-txt': 'WeFlow TXT',
        'weclone-csv': 'WeFlow WeClone CSV',
        'chatlab-json': 'ChatLab JSON',
        'chatlab-jsonl': 'ChatLab JSONL',
        'chatlog-csv': 'chatlog CSV',
        'chatlog-json': 'chatlog JSON',
        'chatlog-txt': 'chatlog text',
        'wechatexporter-txt': 'WechatExporter TXT (iOS)',
      },
      errors: {
        fileNotFound: 'File not found: {{path}}',
        notAFile: 'Not a file: {{path}}',
        readFailed: 'Could not read {{path}} ({{reason}}).',
        empty: 'The file is empty; there is nothing to import.',
        binary:
          'This is not a text file (perhaps an image, an archive or an Excel workbook) and cannot be imported.',
        unknownFormat:
          'The format of this file was not recognised. Check that it is a supported chat-log export, or choose the format by hand.',
        aiTxt:
          'This is MemoTrace’s “AI chat” TXT export: text only, with no time or sender per message, so it is of no use for moderation. Export as CSV or TXT instead.',
        llmJson:
          'This is a JSON export for training language models, with no times or senders, so it is of no use for moderation. Export as CSV, TXT or chat-log JSON instead.',
        truncated:
          'The file is incomplete (cut off near line {{line}}): the export was interrupted or the copy failed. Export it again and retry.',
        recordTooLong:
          'Line {{line}} is too long (over {{limit}} characters); the file is damaged or not in the expected format.',
        malformedJson: 'Invalid JSON near line {{line}}; the file may be damaged.',
        badTimeZone: 'Invalid time zone: {{timeZone}}. Use the form +08:00.',
        dateRequired:
          'This chatlog text export prints no date (or no year). Enter the export’s date in the import options.',
        noMessages:
          'None of the {{rejected}} records in the file could be read, so nothing was imported. Check the format, encoding and time zone.',
        interrupted:
          'The import was interrupted (the app quit or crashed). Finished batches were kept; import the same file again to complete it.',
        groupNotFound: 'Target group not found (id {{id}}).',
        noFiles: 'The chosen folder holds no chat-log files to import.',
      },
      rows: {
        fieldCount: 'Wrong number of columns ({{expected}} expected, {{found}} found)',
        badTime: 'Unreadable time: {{value}}',
        badType: 'Unreadable message type: {{value}}',
        badJson: 'This record is not valid JSON',
        repeatedHeader: 'Repeated header row (skipped)',
        comment: 'Comment line (skipped)',
        noHeader: 'Row before the header',
        unknownRecord: 'Unknown record type (skipped)',
        noTime: 'System notice without a time to go by',
      },
    },
  },
};
