import { Badge, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { queuedStepKey, type JobState, type JobStatus } from '../../../../shared/domain/types';
import { translateKey } from '../../app/i18n';
import { useFormat } from '../../ui/format';
import { useJobs } from './JobsProvider';

const statusColors: Record<JobStatus, string> = {
  running: 'brand',
  done: 'green',
  failed: 'red',
  cancelled: 'gray',
};

/** One job: title, step, a progress bar with done/total and ETA, and 取消 while it runs. */
export function JobCard({ job }: { job: JobState }) {
  const { t, number, eta } = useFormat();
  const { cancel, cancelling } = useJobs();
  const running = job.status === 'running';
  // Waiting for the jobs ahead of it (imports run one at a time): nothing to measure yet.
  const queued = running && job.stepKey === queuedStepKey;
  const percent = job.total > 0 ? Math.min(100, Math.floor((job.done / job.total) * 100)) : 0;
  const isCancelling = cancelling.has(job.id);

  return (
    <Stack gap={6} data-testid="job-card" data-job-status={job.status}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} size="sm" truncate>
          {t(job.titleKey)}
        </Text>
        <Badge
          size="sm"
          variant="light"
          color={queued ? 'gray' : statusColors[job.status]}
          style={{ flexShrink: 0 }}
          data-testid="job-status"
        >
          {t(queued ? 'jobs.status.queued' : `jobs.status.${job.status}`)}
        </Badge>
      </Group>
      {job.detail !== undefined && (
        <Text size="xs" truncate title={job.detail} data-testid="job-detail" mt={-4}>
          {job.detail}
        </Text>
      )}
      {running && (
        <>
          <Text size="xs" c="dimmed" truncate>
            {job.stepKey ? t(job.stepKey) : t('jobs.starting')}
          </Text>
          {!queued && (
            <>
              <Progress
                value={job.total > 0 ? percent : 100}
                animated
                striped={job.total === 0}
                size="md"
                aria-label={t(job.titleKey)}
              />
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="xs" c="dimmed" className="tabular" data-testid="job-counts">
                  {job.total > 0
                    ? `${t('jobs.progress', { done: number(job.done), total: number(job.total) })} · ${t('jobs.percent', { percent })}`
                    : t('jobs.starting')}
                </Text>
                <Text size="xs" c="dimmed" className="tabular" data-testid="job-eta">
                  {eta(job.etaMs)}
                </Text>
              </Group>
            </>
          )}
          <Group justify="flex-end">
            <Button
              size="compact-sm"
              variant="default"
              leftSection={<IconX size={14} />}
              loading={isCancelling}
              onClick={() => void cancel(job.id)}
              data-testid="job-cancel"
            >
              {isCancelling ? t('jobs.cancelling') : t('jobs.cancel')}
            </Button>
          </Group>
        </>
      )}
      {job.messagesImported !== undefined && (
        <Text size="xs" c="dimmed" className="tabular" data-testid="job-imported">
          {t('importUi.job.imported', { count: number(job.messagesImported) })}
        </Text>
      )}
      {job.status === 'failed' && job.error && (
        <Text size="xs" c="red">
          {translateKey(job.error.message, job.error.params)}
        </Text>
      )}
    </Stack>
  );
}
