/**
 * Text with its hits highlighted: the text is cut at every hit boundary, each piece covered by hits is marked in the
 * colour of its most severe hit, and its tooltip lists every hit covering it (overlapping and nested hits included).
 */
import { Stack, Text, Tooltip } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  DetectorKind,
  MatchRule,
  SensitiveCategory,
  Severity,
  SuggestedAction,
} from '../../../../shared/domain/sensitive/types';
import { displayWord, markStyle, severityOrder } from './riskFormat';

export interface MarkSpan {
  start: number;
  end: number;
  word: string;
  category: SensitiveCategory;
  severity: Severity;
  rule?: MatchRule;
  action?: SuggestedAction;
  list?: string;
  detector?: DetectorKind | null;
}

interface Piece {
  start: number;
  end: number;
  covering: MarkSpan[];
}

function pieces(length: number, spans: readonly MarkSpan[]): Piece[] {
  const cuts = new Set<number>([0, length]);
  for (const span of spans) {
    cuts.add(Math.max(0, Math.min(length, span.start)));
    cuts.add(Math.max(0, Math.min(length, span.end)));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const result: Piece[] = [];
  for (let index = 0; index + 1 < sorted.length; index++) {
    const start = sorted[index]!;
    const end = sorted[index + 1]!;
    result.push({ start, end, covering: spans.filter((span) => span.start <= start && span.end >= end) });
  }
  return result;
}

function HitLine({ span }: { span: MarkSpan }) {
  const { t } = useTranslation();
  const details = [
    t(`sensitive.category.${span.category}`),
    t(`sensitive.severity.${span.severity}`),
    span.rule ? t(`sensitive.rule.${span.rule}`) : null,
    span.detector ? t(`sensitive.detector.${span.detector}`) : null,
  ].filter(Boolean);
  return (
    <div>
      <Text size="xs" fw={600} span>
        {t('riskUi.hit.word', { word: displayWord(span) })}
      </Text>
      <Text size="xs" span>
        {' '}
        {details.join(' · ')}
      </Text>
      {span.action && (
        <Text size="xs" c="dimmed">
          {t('riskUi.hit.action', { action: t(`sensitive.action.${span.action}`) })}
          {span.list && !span.list.startsWith('detector:')
            ? ` · ${t('riskUi.hit.list', { list: span.list })}`
            : ''}
        </Text>
      )}
    </div>
  );
}

export function HighlightedText(props: {
  text: string;
  spans: readonly MarkSpan[];
  /** The hit under review: its pieces get an outline. */
  current?: { start: number; end: number } | undefined;
  testId?: string;
}): ReactNode {
  const { text, spans, current } = props;
  return (
    <span className="risk-text" data-testid={props.testId}>
      {pieces(text.length, spans).map((piece) => {
        const content = text.slice(piece.start, piece.end);
        if (piece.covering.length === 0) return <Fragment key={piece.start}>{content}</Fragment>;
        const top = [...piece.covering].sort(
          (a, b) => severityOrder[b.severity] - severityOrder[a.severity],
        )[0]!;
        const isCurrent = current !== undefined && current.start <= piece.start && current.end >= piece.end;
        return (
          <Tooltip
            key={piece.start}
            multiline
            maw={320}
            label={
              <Stack gap={4}>
                {piece.covering.map((span) => (
                  <HitLine key={`${span.start}:${span.end}:${span.word}:${span.list ?? ''}`} span={span} />
                ))}
              </Stack>
            }
          >
            <mark
              className="risk-mark"
              style={markStyle(top.category)}
              data-testid="risk-mark"
              data-category={top.category}
              data-current={isCurrent ? 'true' : undefined}
            >
              {content}
            </mark>
          </Tooltip>
        );
      })}
    </span>
  );
}
