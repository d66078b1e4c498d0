/** Health dashboard: metric names and definitions (the tooltips), bands, trends, charts, thresholds, errors. */
export const health = {
  'zh-CN': {
    nav: { health: '健康度' },
    audit: {
      entities: { healthThreshold: '健康阈值' },
      fields: { metric: '指标', amber: '关注线', red: '预警线' },
    },
    health: {
      title: '群健康度',
      subtitle: '{{from}} 至 {{to}}，共 {{days}} 天；与之前 {{days}} 天比较',
      dataEndsOn: '数据截至 {{date}}',
      zoneNote: '日期按北京时间（UTC+8）划分',
      range: { days7: '近 7 天', days30: '近 30 天', days90: '近 90 天' },
      groupSelect: '选择群组',
      emptyTitle: '还没有可分析的群组',
      emptyText: '载入演示工作区或导入聊天记录后，这里会显示每个群的活跃度、留存和健康状态。',
      rag: { green: '健康', amber: '关注', red: '预警', none: '暂无数据' },
      status: { noData: '无数据', noScan: '尚未扫描', noSource: '暂无数据来源' },
      trend: {
        up: '上升',
        down: '下降',
        flat: '持平',
        unknown: '无法比较',
        previous: '上一周期：{{value}}',
      },
      changes: {
        title: '变化',
        bandWorse: '{{metric}} {{from}} → {{to}}，转为「{{rag}}」',
        bandBetter: '{{metric}} {{from}} → {{to}}，回到「{{rag}}」',
        moved: '{{metric}} {{from}} → {{to}}',
        none: '与上一周期相比没有明显变化',
      },
      card: { select: '查看此群的图表', bands: '关注线 {{amber}} · 预警线 {{red}}' },
      metrics: {
        dailyActivityRate: {
          name: '日活跃率',
          definition:
            '每天发过至少一条消息的成员 ÷ 当天在群的成员，区间内各天合计（活跃人天 ÷ 在群人天）。系统消息不算发言。',
        },
        weeklyActivityRate: {
          name: '周活跃率',
          definition:
            '区间最后 7 天内发过消息的成员 ÷ 这 7 天内在群的成员。趋势图中每天的值是截至当天的近 7 天滚动值。',
        },
        retention30: {
          name: '月留存率',
          definition:
            '入群时间在「区间前移 30 天」内的成员中，入群满 30 天时仍在群内的比例。未记录入群时间的成员不计入。',
        },
        silentWakeUpRate: {
          name: '沉默唤醒率',
          definition: '区间开始时已入群 30 天以上、且之前 30 天没有发言的成员中，在区间内重新发言的比例。',
        },
        complaintRate: {
          name: '投诉率',
          definition:
            '命中投诉或危机类敏感词的消息 ÷ 已扫描的消息，每次导入后更新。敏感词扫描覆盖这些消息之前显示「尚未扫描」，而不是 0。',
        },
        conversionRate: {
          name: '消息转化率',
          definition: '活动参与人数或录入的转化人数 ÷ 活动触达的成员数，按活动周期计算。需要活动数据。',
        },
        messagesPerDay: {
          name: '日均消息',
          definition: '区间内成员发送的消息数（不含系统消息）÷ 区间天数。',
        },
        memberCount: {
          name: '成员数',
          definition: '区间最后一天结束时在群的成员数（按成员档案的入群和退群时间）。',
        },
        netGrowth: { name: '净增成员', definition: '区间内入群人数减去退群人数。' },
        activeDaysPerMember: {
          name: '人均活跃天数',
          definition: '区间内每位成员发言的天数之和 ÷ 区间内在群过的成员数。',
        },
      },
      series: {
        dailyActivityRate: { title: '日活跃率' },
        weeklyActivityRate: { title: '周活跃率（近 7 日滚动）' },
        messages: { title: '每日消息数', definition: '每天成员发送的消息数，不含入群通知等系统消息。' },
        speakers: {
          title: '新老发言成员',
          definition: '每天发言的成员。「首次发言」指此前从未在该群发过言的成员，其余为老成员。',
        },
        growth: {
          title: '成员增长',
          definition: '每天入群、退群人数（来自成员档案的入群和退群时间）与当天结束时的群规模。',
        },
        wakeUps: {
          title: '沉默唤醒',
          definition: '每天重新发言的沉默成员：此前至少 30 天没有在该群发言，且入群已满 30 天或更早发过言。',
        },
      },
      lines: {
        rate: '比例',
        messages: '消息数',
        returning: '老成员',
        new: '首次发言',
        joins: '入群',
        leaves: '退群',
        size: '群规模',
        wakeUps: '唤醒人数',
        members: '成员数',
      },
      bands: { green: '健康区间', amber: '关注区间', red: '预警区间' },
      annotations: {
        import: '导入：{{label}}',
        activity: '活动：{{label}}',
        incident: '事件：{{label}}',
        calendar: '日历：{{label}}',
      },
      sections: {
        trends: '趋势',
        heatmap: '活跃时段',
        heatmapHint: '每格为该时段的消息数，颜色越深越活跃，可用来核对内容日历的发送时段。',
        cohorts: '入群留存',
        cohortsHint: '按入群月份分组，看之后每个月仍在群、仍在发言的比例。',
        members: '发言最多的成员',
        words: '热门词',
        kinds: '消息类型',
        activeDays: '成员活跃天数分布',
      },
      heatmap: {
        weekdays: { 1: '周一', 2: '周二', 3: '周三', 4: '周四', 5: '周五', 6: '周六', 7: '周日' },
        cell: '{{weekday}} {{hour}}:00–{{hour}}:59：{{count}} 条消息',
        less: '少',
        more: '多',
      },
      cohorts: {
        present: '仍在群',
        speaking: '仍发言',
        month: '入群月份',
        joined: '入群人数',
        offset0: '当月',
        offset: '第 {{n}} 月',
        partial: '本月尚未结束',
        empty: '所选月份内没有记录入群时间的成员。',
      },
      top: {
        member: '成员',
        messages: '消息数',
        activeDays: '活跃天数',
        wordSample: '基于最近 {{count}} 条文字消息，已去除常用虚词',
        wordMessages: '{{count}} 条消息提到',
        noWords: '区间内没有文字消息。',
        noMembers: '区间内没有成员发言。',
      },
      kinds: {
        text: '文字',
        image: '图片',
        voice: '语音',
        video: '视频',
        file: '文件',
        link: '链接',
        emoji: '表情',
        system: '系统',
        other: '其他',
      },
      activeDays: { none: '未发言', one: '1 天', between: '{{min}}–{{max}} 天', atLeast: '{{min}} 天及以上' },
      chart: { noData: '区间内没有数据' },
      thresholds: {
        open: '阈值设置',
        title: '健康阈值',
        hint: '低于关注线显示「关注」，低于预警线显示「预警」（投诉率相反：高于即提示）。单位为百分比。',
        scope: '适用范围',
        allGroups: '全部群组',
        amber: '关注线 %',
        red: '预警线 %',
        source: { default: '默认', workspace: '全部群组', group: '本群' },
        reset: '恢复继承',
        saved: '阈值已保存',
      },
      errors: {
        outOfRange: '阈值必须在 0% 到 100% 之间',
        order: '预警线必须比关注线更差：越高越好的指标，预警线不能高于关注线；投诉率则相反',
        noBands: '这个指标没有健康阈值',
      },
    },
  },
  en: {
    nav: { health: 'Health' },
    audit: {
      entities: { healthThreshold: 'Health threshold' },
      fields: { metric: 'Metric', amber: 'Amber line', red: 'Red line' },
    },
    health: {
      title: 'Group health',
      subtitle: '{{from}} to {{to}}, {{days}} days; compared with the {{days}} days before',
      dataEndsOn: 'Data up to {{date}}',
      zoneNote: 'Days are counted in China time (UTC+8)',
      range: { days7: 'Last 7 days', days30: 'Last 30 days', days90: 'Last 90 days' },
      groupSelect: 'Choose a group',
      emptyTitle: 'No groups to analyse yet',
      emptyText:
        'Load the demo workspace or import chat logs to see each group’s activity, retention and health.',
      rag: { green: 'Healthy', amber: 'Watch', red: 'Alert', none: 'No data' },
      status: { noData: 'No data', noScan: 'Not scanned yet', noSource: 'No data source yet' },
      trend: {
        up: 'Up',
        down: 'Down',
        flat: 'Flat',
        unknown: 'Cannot compare',
        previous: 'Previous period: {{value}}',
      },
      changes: {
        title: 'What changed',
        bandWorse: '{{metric}} {{from}} → {{to}}, now “{{rag}}”',
        bandBetter: '{{metric}} {{from}} → {{to}}, back to “{{rag}}”',
        moved: '{{metric}} {{from}} → {{to}}',
        none: 'No notable change since the previous period',
      },
      card: { select: 'Show this group’s charts', bands: 'Amber {{amber}} · Red {{red}}' },
      metrics: {
        dailyActivityRate: {
          name: 'Daily activity rate',
          definition:
            'Members who sent at least one message that day ÷ members in the group that day, summed over the range (active member-days ÷ member-days). System notices do not count.',
        },
        weeklyActivityRate: {
          name: 'Weekly activity rate',
          definition:
            'Members who sent a message in the last 7 days of the range ÷ members present in those 7 days. On the chart each day shows the 7 days up to it.',
        },
        retention30: {
          name: 'Monthly retention',
          definition:
            'Of the members who joined during the range shifted back 30 days, the share still in the group 30 days after joining. Members without a join date are left out.',
        },
        silentWakeUpRate: {
          name: 'Silent wake-up rate',
          definition:
            'Of the members in the group for 30+ days and silent for the 30 days before the range, the share who spoke again during it.',
        },
        complaintRate: {
          name: 'Complaint rate',
          definition:
            'Messages hitting complaint or crisis words ÷ messages scanned, updated after each import. Until the sensitive-word scan covers these messages it reads “not scanned yet”, not 0.',
        },
        conversionRate: {
          name: 'Conversion rate',
          definition:
            'Activity participants or entered conversions ÷ members the activity reached, per activity period. Needs activity data.',
        },
        messagesPerDay: {
          name: 'Messages per day',
          definition: 'Messages sent by members in the range (system notices excluded) ÷ days in the range.',
        },
        memberCount: {
          name: 'Members',
          definition: 'Members in the group at the end of the range’s last day (from join and leave times).',
        },
        netGrowth: { name: 'Net growth', definition: 'Joins minus leaves during the range.' },
        activeDaysPerMember: {
          name: 'Active days per member',
          definition: 'Days on which each member spoke, summed, ÷ members present during the range.',
        },
      },
      series: {
        dailyActivityRate: { title: 'Daily activity rate' },
        weeklyActivityRate: { title: 'Weekly activity rate (rolling 7 days)' },
        messages: {
          title: 'Messages per day',
          definition: 'Messages sent by members each day, without system notices.',
        },
        speakers: {
          title: 'New and returning speakers',
          definition:
            'Members who spoke each day. “First message” means they had never spoken in this group before; the rest are returning.',
        },
        growth: {
          title: 'Member growth',
          definition:
            'Joins and leaves per day (from join and leave times) and the group size at the end of each day.',
        },
        wakeUps: {
          title: 'Silent wake-ups',
          definition:
            'Silent members who spoke again that day: no message in this group for at least 30 days, and in the group for 30+ days or spoke before.',
        },
      },
      lines: {
        rate: 'Rate',
        messages: 'Messages',
        returning: 'Returning',
        new: 'First message',
        joins: 'Joins',
        leaves: 'Leaves',
        size: 'Group size',
        wakeUps: 'Woken up',
        members: 'Members',
      },
      bands: { green: 'Healthy band', amber: 'Watch band', red: 'Alert band' },
      annotations: {
        import: 'Import: {{label}}',
        activity: 'Activity: {{label}}',
        incident: 'Incident: {{label}}',
        calendar: 'Calendar: {{label}}',
      },
      sections: {
        trends: 'Trends',
        heatmap: 'Active hours',
        heatmapHint:
          'Messages per hour and weekday; darker is busier. Use it to check the content calendar’s time windows.',
        cohorts: 'Join cohorts',
        cohortsHint:
          'Members grouped by join month: the share still in the group and still speaking in each later month.',
        members: 'Most active members',
        words: 'Top words',
        kinds: 'Message types',
        activeDays: 'Members by active days',
      },
      heatmap: {
        weekdays: { 1: 'Mon', 2: 'Tue', 3: 'Wed', 4: 'Thu', 5: 'Fri', 6: 'Sat', 7: 'Sun' },
        cell: '{{weekday}} {{hour}}:00–{{hour}}:59: {{count}} messages',
        less: 'Less',
        more: 'More',
      },
      cohorts: {
        present: 'Still in group',
        speaking: 'Still speaking',
        month: 'Join month',
        joined: 'Joined',
        offset0: 'Month 0',
        offset: 'Month {{n}}',
        partial: 'This month is not over yet',
        empty: 'No members with a join date in these months.',
      },
      top: {
        member: 'Member',
        messages: 'Messages',
        activeDays: 'Active days',
        wordSample: 'From the latest {{count}} text messages, common filler words removed',
        wordMessages: 'In {{count}} messages',
        noWords: 'No text messages in this range.',
        noMembers: 'Nobody spoke in this range.',
      },
      kinds: {
        text: 'Text',
        image: 'Image',
        voice: 'Voice',
        video: 'Video',
        file: 'File',
        link: 'Link',
        emoji: 'Sticker',
        system: 'System',
        other: 'Other',
      },
      activeDays: { none: 'Silent', one: '1 day', between: '{{min}}–{{max}} days', atLeast: '{{min}}+ days' },
      chart: { noData: 'No data in this range' },
      thresholds: {
        open: 'Thresholds',
        title: 'Health thresholds',
        hint: 'Below the amber line reads “Watch”, below the red line “Alert” (complaint rate the other way round). Values in percent.',
        scope: 'Applies to',
        allGroups: 'All groups',
        amber: 'Amber %',
        red: 'Red %',
        source: { default: 'Default', workspace: 'All groups', group: 'This group' },
        reset: 'Inherit',
        saved: 'Thresholds saved',
      },
      errors: {
        outOfRange: 'Thresholds must lie between 0% and 100%.',
        order:
          'The red line must be worse than the amber line: for higher-is-better metrics it cannot be above it; for the complaint rate, not below.',
        noBands: 'This metric has no health thresholds.',
      },
    },
  },
};
