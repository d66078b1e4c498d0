/**
 * Tracks every job the backend runs: the initial list from `jobs.list`, then `jobs.progress` pushes. When a job the
 * UI saw running ends, a notification says how it ended (with the translated error on failure).
 */
import { notifications } from '@mantine/notifications';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { call, subscribe } from '../../api/client';
import { newestJobFirst, queuedStepKey, type JobState } from '../../../../shared/domain/types';
import { i18n, translateKey } from '../../app/i18n';
import { notifyError } from '../../ui/errors';
import { formatDuration } from '../../ui/format';

interface JobsContextValue {
  /** Newest first. */
  jobs: JobState[];
  running: JobState[];
  /** Ids of jobs whose cancel was asked for and which still run. */
  cancelling: ReadonlySet<string>;
  cancel(id: string): Promise<void>;
  /** Follows a job this window just started, so its ending is announced even if its first push was missed. */
  track(id: string): void;
}

const JobsContext = createContext<JobsContextValue | null>(null);

export function useJobs(): JobsContextValue {
  const value = useContext(JobsContext);
  if (!value) throw new Error('useJobs outside JobsProvider');
  return value;
}

function upsert(jobs: JobState[], job: JobState): JobState[] {
  const others = jobs.filter((existing) => existing.id !== job.id);
  return [job, ...others].sort(newestJobFirst);
}

function notifyEnded(job: JobState): void {
  const title = i18n.t(job.titleKey);
  const took = formatDuration(
    new Date(job.finishedAt ?? job.startedAt).getTime() - new Date(job.startedAt).getTime(),
    i18n.language,
  );
  if (job.status === 'done') {
    notifications.show({
      color: 'brand',
      title: i18n.t('jobs.finishedTitle', { title }),
      message: i18n.t('jobs.doneText', { duration: took }),
    });
  } else if (job.status === 'failed') {
    notifications.show({
      color: 'red',
      title: i18n.t('jobs.failedTitle', { title }),
      message: job.error ? translateKey(job.error.message, job.error.params) : i18n.t('errors.internal'),
      autoClose: 10_000,
    });
  } else if (job.status === 'cancelled' && job.stepKey !== queuedStepKey) {
    // Taken out of the queue before it started: its card going away says enough (a whole folder may go at once).
    notifications.show({
      color: 'gray',
      title: i18n.t('jobs.cancelledTitle', { title }),
      message: i18n.t('jobs.cancelledText'),
    });
  }
}

export function JobsProvider({ children }: { children: ReactNode }) {
  const [jobs, setJobs] = useState<JobState[]>([]);
  const [cancelling, setCancelling] = useState<ReadonlySet<string>>(new Set());
  /** Jobs seen running: only their endings are announced (not old jobs from before the window opened). */
  const seenRunning = useRef(new Set<string>());

  useEffect(() => {
    let active = true;
    const unsubscribe = subscribe('jobs.progress', (job) => {
      if (job.status === 'running') seenRunning.current.add(job.id);
      else if (seenRunning.current.delete(job.id)) notifyEnded(job);
      setJobs((previous) => upsert(previous, job));
      if (job.status !== 'running') {
        setCancelling((previous) =>
          previous.has(job.id) ? new Set([...previous].filter((id) => id !== job.id)) : previous,
        );
      }
    });
    call('jobs.list').then(
      (list) => {
        if (!active) return;
        for (const job of list) if (job.status === 'running') seenRunning.current.add(job.id);
        // Pushes that arrived meanwhile are newer than the list.
        setJobs((previous) =>
          list.reduce(
            (all, job) => (all.some((known) => known.id === job.id) ? all : upsert(all, job)),
            previous,
          ),
        );
      },
      (error: unknown) => notifyError(error),
    );
    return () => {
      active = false;
      unsubscribe();
    };
  }, []);

  const cancel = async (id: string) => {
    setCancelling((previous) => new Set(previous).add(id));
    try {
      await call('jobs.cancel', { id });
    } catch (error) {
      notifyError(error);
      setCancelling((previous) => new Set([...previous].filter((existing) => existing !== id)));
    }
  };

  const track = (id: string) => {
    seenRunning.current.add(id);
    call('jobs.list').then(
      (list) => {
        const job = list.find((candidate) => candidate.id === id);
        if (!job) return;
        if (job.status !== 'running' && seenRunning.current.delete(id)) notifyEnded(job);
        setJobs((previous) => (previous.some((known) => known.id === id) ? previous : upsert(previous, job)));
      },
      (error: unknown) => notifyError(error),
    );
  };

  const running = jobs.filter((job) => job.status === 'running');
  return (
    <JobsContext.Provider value={{ jobs, running, cancelling, cancel, track }}>
      {children}
    </JobsContext.Provider>
  );
}
