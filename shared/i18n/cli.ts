/** Command-line strings. */
export const cli = {
  'zh-CN': {
    cli: {
      usage: '用法：npm run cli -- <命令> [选项]',
      globalOptions:
        '通用选项：--workspace <目录>（默认为应用的工作区，可用环境变量 QUNDESK_DATA_DIR 覆盖）  --json（输出 JSON）  --lang zh-CN|en',
      errorPrefix: '错误：',
      init: '创建或升级工作区',
      info: '显示工作区信息与数据量',
      demo: '在空工作区中载入演示数据（3 个群、约 2000 名成员、90 天聊天记录）',
      serve: '浏览器模式：在 127.0.0.1 上提供完整应用',
      initDone: '工作区已就绪：{{path}}（数据版本 {{version}}）',
      demoDone: '演示数据已载入：{{groups}} 个群组，{{members}} 名成员，{{messages}} 条消息',
      serving: '群管工作台已在浏览器模式下运行，请用浏览器打开：\n{{url}}\n工作区：{{path}}\n按 Ctrl+C 停止',
      labels: { workspace: '工作区', schema: '数据版本', groups: '群组', members: '成员', messages: '消息', imports: '导入记录' },
      errors: {
        unknownCommand: '未知命令「{{name}}」，运行 npm run cli -- --help 查看可用命令',
        missingValue: '选项 {{option}} 需要一个值',
        badSeed: '--seed 需要一个非负整数',
        badPort: '--port 需要 0 到 65535 之间的整数',
        notBuilt: '尚未构建界面，请先运行 npm run build（或直接运行 npm run serve）',
      },
    },
  },
  en: {
    cli: {
      usage: 'Usage: npm run cli -- <command> [options]',
      globalOptions:
        'Global options: --workspace <dir> (default: the app workspace; QUNDESK_DATA_DIR overrides)  --json  --lang zh-CN|en',
      errorPrefix: 'Error: ',
      init: 'Create or upgrade a workspace',
      info: 'Show the workspace and its data counts',
      demo: 'Load the demo into an empty workspace (3 groups, ~2,000 members, 90 days of messages)',
      serve: 'Browser mode: serve the whole app on 127.0.0.1',
      initDone: 'Workspace ready: {{path}} (data version {{version}})',
      demoDone: 'Demo loaded: {{groups}} groups, {{members}} members, {{messages}} messages',
      serving: 'QunDesk is running in browser mode. Open:\n{{url}}\nWorkspace: {{path}}\nPress Ctrl+C to stop',
      labels: { workspace: 'Workspace', schema: 'Data version', groups: 'Groups', members: 'Members', messages: 'Messages', imports: 'Imports' },
      errors: {
        unknownCommand: 'Unknown command “{{name}}”. Run npm run cli -- --help for the list.',
        missingValue: 'Option {{option}} needs a value',
        badSeed: '--seed needs a non-negative integer',
        badPort: '--port needs an integer from 0 to 65535',
        notBuilt: 'The UI is not built yet. Run npm run build first (or just npm run serve).',
      },
    },
  },
};
