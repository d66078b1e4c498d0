import type { GroupType } from '../domain/types';

/** Demo message lines per group type, written for the product, with the operators' usual rhythm in mind. */
export const memberLines: Record<GroupType, readonly string[]> = {
  service: [
    '请问会员积分怎么兑换？', '昨天下的单什么时候发货呀', '收到了，包装很好👍', '客服在吗？订单显示已签收但没收到',
    '新版App更新后登录不了', '谢谢管理员，问题解决了', '发票可以开电子的吗', '会员日是每个月几号？',
    '这个活动老会员能参加吗', '退款申请提交了，大概几天到账', '好的明白了', '+1 我也遇到了同样的问题',
    '建议增加一个夜间模式', '今天的早报收到了，干货满满', '优惠券过期了还能补吗', '👍👍👍',
  ],
  activity: [
    '报名！', '今晚8点的秒杀我定闹钟了', '拼团还差两个人，有一起的吗', '已付款，坐等发货', '这次的福利太给力了',
    '打卡第3天✅', '连续打卡7天的奖励怎么领？', '抢到了哈哈哈', '手慢了没抢到😭', '下次活动什么时候',
    '团长辛苦了', '能不能多开几个名额', '积分兑换的礼品到了，质量不错', '周末的线下活动在哪里集合',
    '我邀请了两个朋友进群', '答题活动第5题答案是C吧',
  ],
  content: [
    '今天的分享太有启发了', '请问老师推荐的那本书叫什么', '笔记整理好了，发群文件里了', '这个观点我有不同看法',
    '读书打卡：第12章', '沙龙的回放在哪里看', '干货收藏了', '有没有一起组队学习的', '老师讲得很透彻',
    '今天的话题：如何高效复盘？', '我来分享一个工具清单', '受益匪浅，感谢分享', '下周主题是什么',
    '这个案例很典型', '已经实践了一周，效果明显', '求资料链接',
  ],
};

export const operatorPosts: Record<GroupType, readonly string[]> = {
  service: [
    '【早安资讯】今日会员权益提醒：积分商城上新10款礼品', '【使用教程】三步完成会员等级查询，详见群公告',
    '【互动话题】你最常用的功能是哪个？', '【限时福利】今晚20:00会员专享券限量发放',
  ],
  activity: [
    '【早安】今日团购清单已更新', '【秒杀预告】今晚20:00准时开抢，每人限购1件', '【打卡挑战】连续7天打卡解锁专属奖励',
    '【知识问答】本月答题赛开始啦，答对5题送积分',
  ],
  content: [
    '【早读】今日推荐文章：如何建立个人知识体系', '【干货教程】用思维导图做读书笔记', '【互动话题】你今年读过最好的一本书？',
    '【线上沙龙】本季度沙龙报名开启',
  ],
};

/** A few lines of the kind the risk panel is for, so the demo has something to review. */
export const riskyLines: readonly string[] = [
  '加我微信 wx123456 免费领取资料', '兼职刷单日赚300，私聊我', '这家店服务太差了，我要投诉！', '我的手机号是13812345678有事联系',
  '点击链接领红包 http://example.invalid/hb', '再不处理我就去曝光你们', '代开发票，联系V：fp888',
];

export const groupBlueprints: readonly {
  name: string;
  type: GroupType;
  positioning: string;
  coreGoal: string;
  members: number;
}[] = [
  {
    name: '会员服务1群',
    type: 'service',
    positioning: '老会员售后与权益咨询，当日问题当日答复',
    coreGoal: '提升复购与满意度',
    members: 480,
  },
  {
    name: '周末福利团购群',
    type: 'activity',
    positioning: '限时秒杀、拼团与打卡活动',
    coreGoal: '活动转化与拉新',
    members: 495,
  },
  {
    name: '职场成长读书会',
    type: 'content',
    positioning: '每周共读与干货分享',
    coreGoal: '内容沉淀与用户粘性',
    members: 460,
  },
];
