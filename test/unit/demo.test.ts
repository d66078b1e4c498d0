import { afterEach, describe, expect, it } from 'vitest';
import { generateDemo } from '../../shared/demo/generator';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../support/tempWorkspace';

describe('demo generator', () => {
  it('is deterministic for a seed and has the shape the issue asks for', () => {
    const endAt = Date.UTC(2026, 10, 26, 12);
    const a = generateDemo({ seed: 7, endAt });
    const b = generateDemo({ seed: 7, endAt });
    expect(a.messages.length).toBe(b.messages.length);
    expect(a.messages.slice(0, 50)).toEqual(b.messages.slice(0, 50));
    expect(a.groups.map((g) => g.type).sort()).toEqual(['activity', 'content', 'service']);
    expect(a.members.length).toBeGreaterThan(1600);
    expect(a.members.length).toBeLessThan(2400);
    const span = a.messages.at(-1)!.sentAt - a.messages[0]!.sentAt;
    expect(span).toBeGreaterThan(85 * 86_400_000);
    expect(a.messages.every((m) => m.sentAt <= endAt)).toBe(true);
    expect(new Set(a.members.map((m) => m.displayName)).size).toBe(a.members.length);
  });
});

describe('demo job', () => {
  let backend: ReturnType<typeof makeTestBackend> | undefined;
  afterEach(async () => backend?.dispose());

  it('fills an empty workspace and refuses a second run', async () => {
    backend = makeTestBackend();
    const dispatch = backend.createDispatch(trustAppOrigin);
    const started = await dispatch('workspace.loadDemo', { seed: 1 }, trustedSender);
    expect(started.ok).toBe(true);
    const jobId = (started as { value: { jobId: string } }).value.jobId;
    const finished = await backend.jobs.wait(jobId);
    expect(finished.status).toBe('done');
    const info = await dispatch('workspace.info', {}, trustedSender);
    expect(info.ok && info.value).toMatchObject({ isEmpty: false, counts: { groups: 3 } });
    const again = await backend.jobs.wait(backend.jobs.start('demo.load', { seed: 1 }, 'local'));
    expect(again.status).toBe('failed');
    expect(again.error?.message).toBe('demo.errors.notEmpty');
  });
});
