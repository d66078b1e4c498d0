import {
  ActionIcon,
  Button,
  Divider,
  Group,
  Loader,
  Popover,
  Progress,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { queuedStepKey } from '../../../../shared/domain/types';
import { JobCard } from './JobCard';
import { useJobs } from './JobsProvider';

const shownFinishedJobs = 5;
/** Queued jobs shown as cards; the rest are counted, with one button to cancel them all (a folder of many files). */
const shownQueuedJobs = 3;

/** Header button: shows running jobs with their progress; the popover lists them with 取消, then recent ones. */
export function JobsIndicator() {
  const { t } = useTranslation();
  const { jobs, running, cancel } = useJobs();
  const active = running.filter((job) => job.stepKey !== queuedStepKey);
  // Next to run first.
  const queued = running
    .filter((job) => job.stepKey === queuedStepKey)
    .sort((a, b) => a.sequence - b.sequence);
  const finished = jobs.filter((job) => job.status !== 'running').slice(0, shownFinishedJobs);
  const first = running[0];
  const done = running.reduce((sum, job) => sum + job.done, 0);
  const total = running.reduce((sum, job) => sum + job.total, 0);
  const overallPercent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;

  const target = first ? (
    <UnstyledButton
      px="sm"
      h={36}
      style={{ borderRadius: 'var(--mantine-radius-md)', background: 'var(--mantine-color-brand-light)' }}
      data-testid="jobs-indicator"
      aria-label={t('jobs.runningCount', { count: running.length })}
    >
      <Group gap="xs" wrap="nowrap">
        <Loader size={16} />
        <Stack gap={4}>
          <Text
            size="xs"
            fw={600}
            lh={1}
            c="var(--mantine-color-brand-light-color)"
            style={{ whiteSpace: 'nowrap' }}
          >
            {t('jobs.runningCount', { count: running.length })}
          </Text>
          <Progress value={overallPercent} size={4} w={112} />
        </Stack>
        <Text
          size="xs"
          fw={600}
          className="tabular"
          c="var(--mantine-color-brand-light-color)"
          w={34}
          ta="right"
        >
          {t('jobs.percent', { percent: overallPercent })}
        </Text>
      </Group>
    </UnstyledButton>
  ) : (
    <ActionIcon
      variant="subtle"
      color="gray"
      size="lg"
      aria-label={t('jobs.indicator')}
      title={t('jobs.indicator')}
      data-testid="jobs-indicator"
    >
      <IconChecklist size={20} />
    </ActionIcon>
  );

  return (
    <Popover width={340} position="bottom-end" shadow="md" withArrow>
      <Popover.Target>{target}</Popover.Target>
      <Popover.Dropdown data-testid="jobs-popover">
        <ScrollArea.Autosize mah={440} type="auto" offsetScrollbars>
          <Stack gap="sm">
            {running.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('jobs.noJobs')}
              </Text>
            )}
            {active.map((job) => (
              <JobCard key={job.id} job={job} />
            ))}
            {queued.slice(0, shownQueuedJobs).map((job) => (
              <JobCard key={job.id} job={job} />
            ))}
            {queued.length > shownQueuedJobs && (
              <Group justify="space-between" wrap="nowrap" gap="xs" data-testid="jobs-more-queued">
                <Text size="xs" c="dimmed">
                  {t('jobs.moreQueued', { count: queued.length - shownQueuedJobs })}
                </Text>
                <Button
                  size="compact-sm"
                  variant="default"
                  onClick={() => queued.forEach((job) => void cancel(job.id))}
                  data-testid="jobs-cancel-queued"
                >
                  {t('jobs.cancelQueued', { count: queued.length })}
                </Button>
              </Group>
            )}
            {finished.length > 0 && (
              <>
                <Divider label={t('jobs.recent')} labelPosition="left" />
                {finished.map((job, index) => (
                  <Fragment key={job.id}>
                    {index > 0 && <Divider variant="dotted" />}
                    <JobCard job={job} />
                  </Fragment>
                ))}
              </>
            )}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
