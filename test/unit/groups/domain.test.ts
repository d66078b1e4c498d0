import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dayMs,
  defaultPipeline,
  defaultQrExpiry,
  maxScore,
  planMove,
  qrStatus,
  questionnaireSchema,
  scoreAnswers,
  type Answers,
  type Question,
  type Questionnaire,
} from '../../../shared/domain/admission';
import { diffLines, fillGroupTemplate, ruleTemplates, standbyTemplates } from '../../../shared/domain/groups';
import { groupTypes, locales } from '../../../shared/domain/types';
import { sampleQuestionnaire } from './fixtures';

const knownQuestionnaire: Questionnaire = questionnaireSchema.parse(sampleQuestionnaire);

describe('questionnaire scoring', () => {
  it('scores a hand-worked example and reports the pass', () => {
    const scored = scoreAnswers(knownQuestionnaire, { q1: 'o1', q2: ['o1', 'o3'], q3: '三岁宝宝的妈妈' });
    expect(scored).toEqual({
      ok: true,
      result: {
        score: 10 + 5 - 5 + 4,
        maxScore: 10 + 8 + 4,
        passScore: 14,
        passed: true,
        knockouts: [],
        perQuestion: [
          { questionId: 'q1', score: 10, max: 10, knockout: false },
          { questionId: 'q2', score: 0, max: 8, knockout: false },
          { questionId: 'q3', score: 4, max: 4, knockout: false },
        ],
      },
    });
  });

  it('fails a knockout answer whatever the score, and a score below the pass mark', () => {
    const knockout = scoreAnswers(knownQuestionnaire, { q1: 'o2', q2: ['o1', 'o2'], q3: '你好' });
    expect(knockout.ok && knockout.result).toMatchObject({ score: 12, passed: false, knockouts: ['q1'] });
    const low = scoreAnswers(knownQuestionnaire, { q1: 'o1', q3: '你好' });
    expect(low.ok && low.result).toMatchObject({ score: 14, passed: true });
    const lower = scoreAnswers(knownQuestionnaire, { q1: 'o1', q2: ['o3'], q3: '你好' });
    expect(lower.ok && lower.result).toMatchObject({ score: 9, passed: false, knockouts: [] });
  });

  it('reports every problem: missing required answers, unknown questions and options, wrong shapes', () => {
    expect(scoreAnswers(knownQuestionnaire, { q3: '   ' })).toEqual({
      ok: false,
      problems: [
        { kind: 'missingRequired', questionId: 'q1', prompt: '是否同意遵守群规？' },
        { kind: 'missingRequired', questionId: 'q3', prompt: '简单介绍一下自己' },
      ],
    });
    const bad = scoreAnswers(knownQuestionnaire, { q1: ['o1'], q2: ['o9'], q3: 'x', q9: 'y' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toEqual([
      { kind: 'unknownQuestion', questionId: 'q9' },
      { kind: 'wrongShape', questionId: 'q1' },
      { kind: 'unknownOption', questionId: 'q2', optionId: 'o9' },
    ]);
  });

  const optionArb = (index: number) =>
    fc.record({
      id: fc.constant(`o${index + 1}`),
      label: fc.constant(`选项${index + 1}`),
      score: fc.integer({ min: -100, max: 100 }),
      knockout: fc.boolean(),
    });
  const questionArb = (index: number): fc.Arbitrary<Question> =>
    fc.oneof(
      fc
        .record({
          kind: fc.constantFrom('single' as const, 'multi' as const),
          required: fc.boolean(),
          count: fc.integer({ min: 2, max: 6 }),
        })
        .chain(({ kind, required, count }) =>
          fc.tuple(...Array.from({ length: count }, (_, at) => optionArb(at))).map((options) => ({
            id: `q${index + 1}`,
            kind,
            prompt: `题目${index + 1}`,
            required,
            options,
            textScore: 0,
          })),
        ),
      fc
        .record({ required: fc.boolean(), textScore: fc.integer({ min: 0, max: 100 }) })
        .map(({ required, textScore }) => ({
          id: `q${index + 1}`,
          kind: 'text' as const,
          prompt: `题目${index + 1}`,
          required,
          options: [],
          textScore,
        })),
    );
  const questionnaireArb = fc
    .integer({ min: 0, max: 8 })
    .chain((count) => fc.tuple(...Array.from({ length: count }, (_, at) => questionArb(at))))
    .chain((questions) =>
      fc.integer({ min: 0, max: maxScore(questions) }).map((passScore) => ({ questions, passScore })),
    );
  /** Any answers, some blank, some to required questions, drawn from the real options. */
  const withAnswers = questionnaireArb.chain((questionnaire) =>
    fc
      .tuple(
        ...questionnaire.questions.map((question) =>
          question.kind === 'text'
            ? fc.option(fc.constantFrom('', '  ', '我是新人'), { nil: undefined })
            : question.kind === 'single'
              ? fc.option(fc.constantFrom(...question.options.map((option) => option.id)), { nil: undefined })
              : fc.option(fc.subarray(question.options.map((option) => option.id)), { nil: undefined }),
        ),
      )
      .map((values) => {
        const answers: Answers = {};
        questionnaire.questions.forEach((question, index) => {
          const value = values[index];
          if (value !== undefined) answers[question.id] = value;
        });
        return { questionnaire, answers };
      }),
  );

  it('never scores above the maximum, and passes only with every required answer, no knockout and the pass score', () => {
    fc.assert(
      fc.property(withAnswers, ({ questionnaire, answers }) => {
        expect(questionnaireSchema.safeParse(questionnaire).success).toBe(true);
        const scored = scoreAnswers(questionnaire, answers);
        const blank = (value: Answers[string] | undefined) =>
          value === undefined || value.length === 0 || (typeof value === 'string' && value.trim() === '');
        const missing = questionnaire.questions.filter(
          (question) => question.required && blank(answers[question.id]),
        );
        if (missing.length > 0) {
          expect(scored.ok).toBe(false);
          if (!scored.ok) {
            expect(scored.problems.map((problem) => problem.kind)).toEqual(
              missing.map(() => 'missingRequired'),
            );
          }
          return;
        }
        expect(scored.ok).toBe(true);
        if (!scored.ok) return;
        const { result } = scored;
        expect(result.score).toBeLessThanOrEqual(result.maxScore);
        expect(result.maxScore).toBe(maxScore(questionnaire.questions));
        for (const item of result.perQuestion) expect(item.score).toBeLessThanOrEqual(item.max);
        expect(result.passed).toBe(result.score >= questionnaire.passScore && result.knockouts.length === 0);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses questionnaires that cannot work', () => {
    const issues = (value: unknown) =>
      questionnaireSchema.safeParse(value).error?.issues.map((issue) => issue.message) ?? [];
    const choice = (id: string, options: { id: string; label: string; score: number }[]) => ({
      id,
      kind: 'single',
      prompt: '题目',
      required: true,
      options,
    });
    expect(
      issues({ questions: [choice('q1', [{ id: 'o1', label: 'A', score: 1 }])], passScore: 0 }),
    ).toContain('choiceNeedsOptions');
    const twoOptions = [
      { id: 'o1', label: 'A', score: 3 },
      { id: 'o2', label: 'B', score: 1 },
    ];
    expect(issues({ questions: [choice('q1', twoOptions)], passScore: 4 })).toEqual(['passScoreUnreachable']);
    expect(issues({ questions: [choice('q1', twoOptions), choice('q1', twoOptions)], passScore: 0 })).toEqual(
      ['duplicateQuestion'],
    );
    expect(
      issues({
        questions: [{ id: 'q1', kind: 'text', prompt: 'x', required: true, options: twoOptions }],
        passScore: 0,
      }),
    ).toEqual(['textHasNoOptions']);
  });
});

describe('pipeline moves', () => {
  const pending = (stage: string) => ({ stage, status: 'pending' as const });

  it('advances one stage at a time, admits on reaching the last, rejects where it stands', () => {
    expect(planMove(defaultPipeline, pending('apply'), { kind: 'advance', toStage: 'interview' })).toEqual({
      ok: true,
      decision: 'advance',
      stage: 'interview',
      status: 'pending',
    });
    expect(planMove(defaultPipeline, pending('exam'), { kind: 'advance', toStage: 'admit' })).toEqual({
      ok: true,
      decision: 'admit',
      stage: 'admit',
      status: 'admitted',
    });
    expect(planMove(defaultPipeline, pending('training'), { kind: 'reject' })).toEqual({
      ok: true,
      decision: 'reject',
      stage: 'training',
      status: 'rejected',
    });
  });

  it('refuses skipping, going back, repeating, unknown stages and closed applications', () => {
    const refusal = (
      application: { stage: string; status: 'pending' | 'admitted' | 'rejected' },
      toStage?: string,
    ) => {
      const plan = planMove(
        defaultPipeline,
        application,
        toStage === undefined ? { kind: 'reject' } : { kind: 'advance', toStage },
      );
      return plan.ok ? null : plan.refusal;
    };
    expect(refusal(pending('apply'), 'training')).toEqual({
      reason: 'notNext',
      from: 'apply',
      to: 'training',
      expected: 'interview',
    });
    expect(refusal(pending('exam'), 'interview')).toMatchObject({ reason: 'notNext', expected: 'admit' });
    expect(refusal(pending('interview'), 'interview')).toMatchObject({ reason: 'notNext' });
    expect(refusal(pending('apply'), 'party')).toEqual({ reason: 'unknownStage', stage: 'party' });
    expect(refusal({ stage: 'gone', status: 'pending' }, 'interview')).toEqual({
      reason: 'unknownStage',
      stage: 'gone',
    });
    expect(refusal({ stage: 'admit', status: 'admitted' })).toEqual({ reason: 'closed', status: 'admitted' });
    expect(refusal({ stage: 'apply', status: 'rejected' }, 'interview')).toEqual({
      reason: 'closed',
      status: 'rejected',
    });
  });
});

describe('QR code expiry', () => {
  const generated = Date.UTC(2024, 4, 1, 2, 0);
  const code = { expiresAt: defaultQrExpiry(generated), retiredAt: null };

  it('lasts seven days and is flagged within the reminder window', () => {
    expect(code.expiresAt - generated).toBe(7 * dayMs);
    expect(qrStatus(code, generated, 2)).toBe('active');
    expect(qrStatus(code, generated + 5 * dayMs - 1, 2)).toBe('active');
    expect(qrStatus(code, generated + 5 * dayMs, 2)).toBe('expiring');
    expect(qrStatus(code, code.expiresAt - 1, 2)).toBe('expiring');
    expect(qrStatus(code, code.expiresAt, 2)).toBe('expired');
    expect(qrStatus({ ...code, retiredAt: generated + dayMs }, code.expiresAt, 2)).toBe('retired');
  });
});

describe('rules and standby texts', () => {
  it('diffs rule versions line by line', () => {
    expect(diffLines('一\n二\n三', '一\n二改\n三\n四')).toEqual([
      { kind: 'same', text: '一' },
      { kind: 'removed', text: '二' },
      { kind: 'added', text: '二改' },
      { kind: 'same', text: '三' },
      { kind: 'added', text: '四' },
    ]);
    expect(diffLines('', 'a')).toEqual([{ kind: 'added', text: 'a' }]);
    expect(diffLines('a\nb', 'a\nb').every((change) => change.kind === 'same')).toBe(true);
  });

  it('keeps every line of both texts in a diff, in order', () => {
    const lines = fc
      .array(fc.constantFrom('甲', '乙', '丙', '丁', ''), { maxLength: 12 })
      .map((items) => items.join('\n'));
    fc.assert(
      fc.property(lines, lines, (before, after) => {
        const changes = diffLines(before, after);
        const old = changes.filter((change) => change.kind !== 'added').map((change) => change.text);
        const fresh = changes.filter((change) => change.kind !== 'removed').map((change) => change.text);
        expect(old.join('\n')).toBe(before === '' ? '' : before);
        expect(fresh.join('\n')).toBe(after === '' ? '' : after);
      }),
    );
  });

  it('fills the standby announcement, in Chinese and with English aliases, and names what is missing', () => {
    const filled = fillGroupTemplate(standbyTemplates['zh-CN'], {
      group: '宝妈答疑群',
      standby: '宝妈答疑二群',
      howToJoin: '添加管理员微信 mama01',
    });
    expect(filled.ok && filled.text).toContain(
      '原「宝妈答疑群」因故暂时无法使用，请大家移步备用群「宝妈答疑二群」',
    );
    expect(filled.ok && filled.text).toContain('入群方式：添加管理员微信 mama01');
    const alias = fillGroupTemplate('{{group}} → {{standby}} ({{howToJoin}})', {
      group: 'A',
      standby: 'B',
      howToJoin: 'C',
    });
    expect(alias).toEqual({ ok: true, text: 'A → B (C)', used: ['group', 'standby', 'howToJoin'] });
    expect(fillGroupTemplate(standbyTemplates.en, { group: 'A', standby: '  ' })).toEqual({
      ok: false,
      problems: [
        { kind: 'missing', name: '备用群名' },
        { kind: 'missing', name: '入群方式' },
      ],
    });
    expect(fillGroupTemplate('{{群主}}', { group: 'A' })).toEqual({
      ok: false,
      problems: [{ kind: 'unknown', name: '群主' }],
    });
  });

  it('has a rule template for every group type in both languages, naming the group', () => {
    for (const locale of locales) {
      for (const type of groupTypes) {
        const filled = fillGroupTemplate(ruleTemplates[locale][type], { group: '读书会' });
        expect(filled.ok, `${locale} ${type}`).toBe(true);
        expect(filled.ok && filled.text.split('\n')[0]).toContain('读书会');
        expect(ruleTemplates[locale][type].split('\n').length).toBeGreaterThanOrEqual(6);
      }
    }
    expect(new Set(groupTypes.map((type) => ruleTemplates['zh-CN'][type])).size).toBe(groupTypes.length);
  });
});
