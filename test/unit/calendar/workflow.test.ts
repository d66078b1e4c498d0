import { describe, expect, it } from 'vitest';
import {
  blockingHitParams,
  canTransition,
  draftStatuses,
  judgeTransition,
  statusAfterEdit,
  type DraftChecker,
  type DraftStatus,
} from '../../../shared/domain/calendar/workflow';
import { testChecker } from './fixtures';

const legal: [DraftStatus, DraftStatus][] = [
  ['idea', 'draft'],
  ['draft', 'review'],
  ['draft', 'idea'],
  ['review', 'approved'],
  ['review', 'draft'],
  ['approved', 'sent'],
  ['approved', 'draft'],
];

describe('draft workflow', () => {
  const allPairs = draftStatuses.flatMap((from) =>
    draftStatuses.map((to) => [from, to] as [DraftStatus, DraftStatus]),
  );

  it.each(allPairs)('%s → %s is legal only if listed', (from, to) => {
    const isListed = legal.some(([a, b]) => a === from && b === to);
    expect(canTransition(from, to)).toBe(isListed);
    const verdict = judgeTransition({ from, to, text: '今天的早报', checker: testChecker });
    expect(verdict.ok).toBe(isListed);
    if (!isListed) expect(verdict).toEqual({ ok: false, reason: 'illegal' });
  });

  it('blocks approval of a draft with a high-severity hit unless there is a reason', () => {
    const text = '想要资料的朋友加微信，本周最低价';
    expect(judgeTransition({ from: 'review', to: 'approved', text, checker: testChecker })).toEqual({
      ok: false,
      reason: 'sensitive',
      highHits: 1,
      // Only the blocking hit: the medium one (最低价) does not stop approval.
      hits: [{ severity: 'high', term: '加微信', index: 7, category: 'ads' }],
    });
    expect(
      judgeTransition({ from: 'review', to: 'approved', text, checker: testChecker, overrideReason: '   ' })
        .ok,
    ).toBe(false);
    expect(
      judgeTransition({
        from: 'review',
        to: 'approved',
        text,
        checker: testChecker,
        overrideReason: '客服号，已报备',
      }),
    ).toEqual({
      ok: true,
      highHits: 1,
      overridden: true,
    });
  });

  it('lets medium hits through and only checks on approval', () => {
    expect(
      judgeTransition({ from: 'review', to: 'approved', text: '本周最低价', checker: testChecker }),
    ).toEqual({
      ok: true,
      highHits: 0,
      overridden: false,
    });
    expect(judgeTransition({ from: 'draft', to: 'review', text: '加微信', checker: testChecker }).ok).toBe(
      true,
    );
    const critical: DraftChecker = () => [{ severity: 'critical' }];
    expect(judgeTransition({ from: 'review', to: 'approved', text: 'x', checker: critical }).ok).toBe(false);
  });

  it('sends an edited draft under review or approved back to draft', () => {
    expect(draftStatuses.map(statusAfterEdit)).toEqual(['idea', 'draft', 'draft', 'draft', 'sent']);
  });

  it('lists the blocking words and their categories once each, in order of appearance', () => {
    expect(
      blockingHitParams([
        { severity: 'critical', term: '返现', index: 12, category: 'scam' },
        { severity: 'high', term: '加微信', index: 3, category: 'ads' },
        { severity: 'high', term: '加微信', index: 20, category: 'ads' },
        { severity: 'high', index: 30 },
      ]),
    ).toEqual({ words: '加微信、返现', categories: 'ads,scam' });
    expect(blockingHitParams([])).toEqual({ words: '', categories: '' });
  });
});
