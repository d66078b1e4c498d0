import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { JoinChannel } from '../../../../shared/domain/types';

const channelColors: Record<JoinChannel, string> = {
  official_account: 'green',
  mini_program: 'cyan',
  short_video: 'pink',
  app: 'indigo',
  referral: 'yellow',
  offline: 'orange',
  other: 'gray',
};

/** 公众号 / 小程序 / 短视频直播 / APP / 朋友邀请 / 线下 / 其他 */
export function JoinChannelBadge({ channel }: { channel: JoinChannel | null }) {
  const { t } = useTranslation();
  return (
    <Badge variant="dot" color={channel ? channelColors[channel] : 'gray'} radius="sm" fw={500}>
      {t(`members.channels.${channel ?? 'unknown'}`)}
    </Badge>
  );
}
