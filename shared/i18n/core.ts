/** App-wide strings: errors, navigation, jobs. Each feature keeps its own dictionary beside this one. */
export const core = {
  'zh-CN': {
    app: { name: '群管工作台', tagline: '离线的微信社群运营工作台' },
    errors: {
      validation: '输入有误，请检查后重试',
      forbiddenSender: '请求来源不受信任，已拒绝',
      unknownChannel: '未知的操作：{{channel}}',
      notFound: '找不到该记录',
      conflict: '与现有数据冲突',
      unsupported: '暂不支持此操作',
      badFile: '文件无法读取或格式不正确',
      io: '读写文件失败，请检查磁盘空间和权限',
      cancelled: '已取消',
      locked: '工作台已锁定，请先解锁',
      internal: '发生内部错误，数据未被修改。请重试或导出诊断信息',
      newerDatabase: '此工作区由更新版本的群管工作台创建（数据版本 {{found}}，本程序支持 {{supported}}），请升级后再打开',
      workspaceFolder: '无法创建或打开工作区文件夹：{{path}}（{{reason}}）',
      unknownJob: '未知的任务类型：{{kind}}',
      serverUnreachable: '无法连接本机的群管工作台服务，请确认它仍在运行',
    },
    jobs: {
      demoLoad: '载入演示工作区',
      steps: { generating: '正在生成演示数据', members: '正在写入成员', messages: '正在写入聊天记录' },
    },
    demo: { errors: { notEmpty: '当前工作区已有数据，只能在空工作区载入演示数据' } },
    groups: {
      errors: { notFound: '找不到该群组（编号 {{id}}）', nameTaken: '已有同名群组「{{name}}」' },
    },
  },
  en: {
    app: { name: 'QunDesk', tagline: 'Offline workstation for WeChat group moderators' },
    errors: {
      validation: 'Some input is invalid. Please check and try again.',
      forbiddenSender: 'The request came from an untrusted source and was refused.',
      unknownChannel: 'Unknown operation: {{channel}}',
      notFound: 'Record not found.',
      conflict: 'This conflicts with existing data.',
      unsupported: 'This is not supported yet.',
      badFile: 'The file cannot be read or has the wrong format.',
      io: 'Reading or writing a file failed. Check disk space and permissions.',
      cancelled: 'Cancelled.',
      locked: 'The workspace is locked. Unlock it first.',
      internal: 'An internal error occurred; no data was changed. Try again or export diagnostics.',
      newerDatabase:
        'This workspace was created by a newer QunDesk (data version {{found}}; this app supports {{supported}}). Please upgrade to open it.',
      workspaceFolder: 'Cannot create or open the workspace folder {{path}} ({{reason}}).',
      unknownJob: 'Unknown job type: {{kind}}',
      serverUnreachable: 'Cannot reach the local QunDesk server. Make sure it is still running.',
    },
    jobs: {
      demoLoad: 'Load demo workspace',
      steps: { generating: 'Generating demo data', members: 'Writing members', messages: 'Writing messages' },
    },
    demo: { errors: { notEmpty: 'This workspace already has data; the demo can only be loaded into an empty workspace.' } },
    groups: {
      errors: { notFound: 'Group not found (id {{id}}).', nameTaken: 'A group named “{{name}}” already exists.' },
    },
  },
};
