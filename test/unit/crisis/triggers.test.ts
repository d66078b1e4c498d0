import { describe, expect, it } from 'vitest';
import {
  evaluateTriggers,
  type TriggerHit,
  type TriggerSource,
} from '../../../shared/domain/crisis/triggers';

const minute = 60_000;
const t0 = Date.UTC(2024, 4, 1, 2, 0, 0);
const complaintBurst: TriggerSource = {
  key: 'opinion',
  triggers: [
    {
      id: 'burst',
      label: '投诉集中',
      categories: ['complaint'],
      threshold: 5,
      windowMinutes: 10,
      severity: 'high',
    },
  ],
};
const hitsAt = (offsetsMs: number[], category = 'complaint', groupId: number | null = 1): TriggerHit[] =>
  offsetsMs.map((offset) => ({ at: t0 + offset, category, groupId }));

describe('trigger evaluation', () => {
  it('fires on exactly 5 hits spanning exactly 10 minutes (both ends inclusive)', () => {
    const firings = evaluateTriggers(
      [complaintBurst],
      hitsAt([0, 2 * minute, 5 * minute, 7 * minute, 10 * minute]),
    );
    expect(firings).toEqual([
      {
        playbookKey: 'opinion',
        triggerId: 'burst',
        groupId: 1,
        count: 5,
        threshold: 5,
        windowMinutes: 10,
        windowStart: t0,
        firedAt: t0 + 10 * minute,
        severity: 'high',
      },
    ]);
  });

  it('does not fire when the fifth hit is one millisecond outside the window, or with only 4 hits', () => {
    expect(
      evaluateTriggers([complaintBurst], hitsAt([0, 2 * minute, 5 * minute, 7 * minute, 10 * minute + 1])),
    ).toEqual([]);
    expect(evaluateTriggers([complaintBurst], hitsAt([0, 1, 2, 3]))).toEqual([]);
  });

  it('reports the first moment the threshold is reached, sliding past old hits', () => {
    const offsets = [0, 11 * minute, 12 * minute, 13 * minute, 14 * minute, 15 * minute, 16 * minute];
    const [firing] = evaluateTriggers([complaintBurst], hitsAt(offsets.reverse()));
    expect(firing).toMatchObject({ windowStart: t0 + 11 * minute, firedAt: t0 + 15 * minute, count: 5 });
  });

  it('with `latest`, reports the most recent window reaching the threshold (for suggestions)', () => {
    const offsets = [
      0,
      1,
      2,
      3,
      4,
      60 * minute,
      61 * minute,
      62 * minute,
      63 * minute,
      64 * minute,
      65 * minute,
    ];
    const [first] = evaluateTriggers([complaintBurst], hitsAt(offsets));
    const [latest] = evaluateTriggers([complaintBurst], hitsAt(offsets), { latest: true });
    expect(first).toMatchObject({ windowStart: t0, firedAt: t0 + 4, count: 5 });
    expect(latest).toMatchObject({ windowStart: t0 + 60 * minute, firedAt: t0 + 65 * minute, count: 6 });
    expect(evaluateTriggers([complaintBurst], hitsAt([0, 1, 2, 3]), { latest: true })).toEqual([]);
  });

  it('counts groups separately and ignores other categories (case-insensitively matching its own)', () => {
    const hits = [
      ...hitsAt([0, minute, 2 * minute], 'COMPLAINT', 1),
      ...hitsAt([3 * minute, 4 * minute], 'complaint', 2),
      ...hitsAt([5 * minute, 6 * minute], 'ads', 1),
    ];
    expect(evaluateTriggers([complaintBurst], hits)).toEqual([]);
    const more = [...hits, ...hitsAt([7 * minute, 8 * minute], 'Complaint', 1)];
    expect(evaluateTriggers([complaintBurst], more).map((firing) => firing.groupId)).toEqual([1]);
  });

  it('live mode counts only the window ending now, inclusive of its start', () => {
    const hits = hitsAt([0, 2 * minute, 4 * minute, 6 * minute, 8 * minute]);
    expect(evaluateTriggers([complaintBurst], hits, { now: t0 + 10 * minute })).toHaveLength(1);
    expect(evaluateTriggers([complaintBurst], hits, { now: t0 + 10 * minute + 1 })).toEqual([]);
    // Hits after `now` are not counted.
    expect(evaluateTriggers([complaintBurst], hits, { now: t0 + 6 * minute })).toEqual([]);
  });

  it('evaluates several playbooks and triggers, ordered by firing time', () => {
    const ads: TriggerSource = {
      key: 'ads',
      triggers: [
        {
          id: 'any-ad',
          label: '广告',
          categories: ['ads', 'scam'],
          threshold: 2,
          windowMinutes: 1,
          severity: 'medium',
        },
      ],
    };
    const hits = [
      ...hitsAt([0, minute, 2 * minute, 3 * minute, 4 * minute]),
      ...hitsAt([30_000, 60_000], 'scam', null),
    ];
    expect(
      evaluateTriggers([complaintBurst, ads], hits).map((firing) => [
        firing.playbookKey,
        firing.groupId,
        firing.firedAt - t0,
      ]),
    ).toEqual([
      ['ads', null, 60_000],
      ['opinion', 1, 4 * minute],
    ]);
  });
});
