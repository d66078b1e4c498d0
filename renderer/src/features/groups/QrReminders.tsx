/**
 * Entry QR codes about to expire (a WeChat group code lasts seven days): one alert listing them, each linking to its
 * group's codes. Shown on the groups list, on a group's page, and wherever a summary wants it (home).
 */
import { Alert, Anchor, Group, Stack, Text } from '@mantine/core';
import { IconQrcode } from '@tabler/icons-react';
import type { QrCode } from '../../../../shared/domain/admission';
import { navigate } from '../../app/router';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { groupPaths } from './paths';

/** "还剩 2 天" / "今天到期" / "已过期 3 天". */
export function useQrTimeLeft() {
  const { t } = useFormat();
  return (code: Pick<QrCode, 'status' | 'daysLeft'>) => {
    if (code.status === 'retired') return t('groupsUi.qr.retired');
    if (code.status === 'expired') return t('groupsUi.qr.expiredAgo', { days: Math.max(0, -code.daysLeft) });
    return code.daysLeft <= 0
      ? t('groupsUi.qr.expiresToday')
      : t('groupsUi.qr.daysLeft', { days: code.daysLeft });
  };
}

export function QrExpiryAlert({ groupId }: { groupId?: number }) {
  const { t, date } = useFormat();
  const timeLeft = useQrTimeLeft();
  const { data: codes } = useChannel('qrcodes.expiring', groupId === undefined ? {} : { groupId }, [
    'groups',
  ]);
  if (!codes || codes.length === 0) return null;
  const expired = codes.some((code) => code.status === 'expired');
  return (
    <Alert
      color={expired ? 'red' : 'orange'}
      icon={<IconQrcode size={18} />}
      title={t('groupsUi.qr.reminderTitle', { count: codes.length })}
      mb="md"
      data-testid="qr-reminder"
    >
      <Stack gap={4}>
        {codes.slice(0, 5).map((code) => (
          <Group key={code.id} gap="xs" wrap="nowrap">
            <Anchor
              size="sm"
              onClick={() => navigate(groupPaths.admission(code.groupId, 'qrcodes'))}
              style={{ flexShrink: 0 }}
            >
              {groupId === undefined ? code.groupName : code.label || t('groupsUi.qr.unlabelled')}
            </Anchor>
            {groupId === undefined && code.label && (
              <Text size="sm" c="dimmed" truncate>
                {code.label}
              </Text>
            )}
            <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
              {timeLeft(code)}
            </Text>
            <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
              {t('groupsUi.qr.expiresOn', { date: date(code.expiresAt) })}
            </Text>
          </Group>
        ))}
        {codes.length > 5 && (
          <Text size="xs" c="dimmed">
            {t('groupsUi.qr.more', { count: codes.length - 5 })}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
