import { useState } from 'react';
import { call } from '../../api/client';
import { notifyError } from '../../ui/errors';
import { useJobs } from '../jobs/JobsProvider';

export const demoJobKind = 'demo.load';

/** Starts the demo job; its progress shows in the jobs indicator (and on the home screen). */
export function useLoadDemo(): { start(): Promise<void>; starting: boolean; running: boolean } {
  const { track, running } = useJobs();
  const [starting, setStarting] = useState(false);
  const start = async () => {
    setStarting(true);
    try {
      const { jobId } = await call('workspace.loadDemo', {});
      track(jobId);
    } catch (error) {
      notifyError(error);
    } finally {
      setStarting(false);
    }
  };
  return { start, starting, running: running.some((job) => job.kind === demoJobKind) };
}
