/** A small playbook written for the tests: two stages, three steps, two templates, one trigger, one scenario. */
import { playbookSchema, type Playbook, type PlaybookInput } from '../../../shared/domain/crisis/playbook';

export function samplePlaybookInput(): PlaybookInput {
  return {
    key: 'test-leak',
    name: '测试预案',
    riskType: 'info_leak',
    summary: '用于测试',
    severityLevels: [
      { id: 'low', label: '一般' },
      { id: 'high', label: '严重' },
    ],
    defaultSeverity: 'low',
    roles: [
      { id: 'admin', label: '管理员' },
      { id: 'lead', label: '负责人' },
    ],
    prevention: [{ id: 'no-location', title: '禁用位置共享', checkEveryDays: 30 }],
    triggers: [
      {
        id: 'burst',
        label: '集中出现',
        categories: ['complaint'],
        threshold: 5,
        windowMinutes: 10,
        severity: 'high',
      },
    ],
    stages: [
      {
        id: 'contain',
        title: '止损',
        steps: [
          { id: 'recall', title: '撤回', ownerRole: 'admin', targetSeconds: 120 },
          { id: 'announce', title: '发公告', ownerRole: 'admin', targetSeconds: 600, templateIds: ['ann'] },
        ],
      },
      {
        id: 'review',
        title: '复盘',
        steps: [
          { id: 'trace', title: '查源头', ownerRole: 'lead', targetSeconds: 3600 },
          { id: 'extra', title: '可选步骤', ownerRole: 'lead', targetSeconds: 3600, required: false },
        ],
      },
    ],
    templates: [
      {
        id: 'ann',
        kind: 'announcement',
        title: '说明公告',
        body: '{{群名}}的各位：{{事件时间}}有消息泄露了{{信息类型}}，已撤回，深表歉意。',
        rubric: [
          { id: 'apology', label: '致歉', anyOf: ['抱歉', '歉意'] },
          { id: 'facts', label: '已处理', anyOf: ['已撤回'] },
        ],
      },
      { id: 'dm', kind: 'private_message', title: '私信', body: '你好，{{群名}}的消息已撤回。' },
    ],
    placeholders: [{ name: '信息类型', label: '信息类型', example: '手机号' }],
    scenarios: [
      {
        id: 's1',
        title: '演练一',
        injects: [
          { atSeconds: 0, kind: 'message', from: '甲', text: '第一条' },
          { atSeconds: 30, kind: 'report', from: '乙', text: '举报' },
          { atSeconds: 90, kind: 'prompt', from: '老板', text: '进展如何？' },
        ],
      },
    ],
  };
}

export function samplePlaybook(): Playbook {
  return playbookSchema.parse(samplePlaybookInput());
}
