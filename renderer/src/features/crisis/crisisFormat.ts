/**
 * Small shared pieces of the crisis screens: colours for risk types, severities and SLA states, clock and target
 * formatting, and a clock that keeps ticking between backend answers.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskType } from '../../../../shared/domain/crisis/playbook';
import { formatDuration } from '../../../../shared/domain/crisis/scoring';
import type { SlaStatus } from '../../../../shared/domain/crisis/timeline';
import type { RunStateView, StepStateView } from '../../../../shared/domain/crisis/views';
import type { Locale } from '../../../../shared/domain/types';
import { formatDateTime } from '../../ui/format';

export const riskColors: Record<RiskType, string> = {
  info_leak: 'violet',
  ad_spam: 'orange',
  opinion_crisis: 'red',
  data_loss: 'blue',
  competitor_link: 'cyan',
  other: 'gray',
};

export const slaColors: Record<SlaStatus, string> = {
  on_time: 'teal',
  late: 'orange',
  overdue: 'red',
  pending: 'blue',
  skipped: 'gray',
};

/** Severity levels are listed lowest first; the colour warms up with the level. */
const severityPalette = ['yellow', 'orange', 'red', 'pink', 'grape', 'violet'];

export function severityColor(levels: readonly { id: string }[], severity: string): string {
  const index = levels.findIndex((level) => level.id === severity);
  if (index < 0) return 'gray';
  const offset = levels.length <= 2 ? 1 : 0;
  return severityPalette[Math.min(index + offset, severityPalette.length - 1)] ?? 'red';
}

export function severityLabel(levels: readonly { id: string; label: string }[], severity: string): string {
  return levels.find((level) => level.id === severity)?.label ?? severity;
}

/** `2024-05-01 20:15:07`: timeline entries need the seconds. */
export function formatDateTimeSeconds(iso: string): string {
  return `${formatDateTime(iso)}:${String(new Date(iso).getSeconds()).padStart(2, '0')}`;
}

/** A running clock: `4:05`, `1:02:03`. */
export function formatClock(totalSeconds: number): string {
  const whole = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const seconds = whole % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

export function uiLocale(language: string): Locale {
  return language === 'en' ? 'en' : 'zh-CN';
}

/** `2 分钟内` / `within 2 min`: a step's target time from the start. */
export function useDurations() {
  const { t, i18n } = useTranslation();
  const locale = uiLocale(i18n.language);
  return {
    duration: (seconds: number) => formatDuration(seconds, locale),
    target: (seconds: number) => t('crisisUi.target', { duration: formatDuration(seconds, locale) }),
  };
}

interface LiveSample {
  asOf: string;
  seconds: number;
}

/**
 * Effective seconds since the run started, ticking locally from the backend's `elapsedSeconds` (measured at
 * `asOf`) while the run is live and not paused. Local time since the answer arrived is added, so clock skew
 * between the backend and the window does not matter.
 */
export function useLiveElapsed(state: RunStateView | undefined, live: boolean): number {
  const [sample, setSample] = useState<LiveSample | null>(null);
  const asOf = state?.asOf ?? '';
  const base = state?.elapsedSeconds ?? 0;
  const ticking = live && state !== undefined && !state.paused;
  useEffect(() => {
    if (!ticking) return;
    const receivedAt = Date.now();
    const timer = window.setInterval(
      () => setSample({ asOf, seconds: base + (Date.now() - receivedAt) / 1000 }),
      500,
    );
    return () => window.clearInterval(timer);
  }, [asOf, base, ticking]);
  return ticking && sample?.asOf === asOf ? sample.seconds : base;
}

/** A step's live SLA: an open step turns overdue the moment its target passes, before the next refetch. */
export function liveStep(step: StepStateView, baseElapsed: number, liveElapsed: number) {
  if (step.remainingSeconds === null) return { sla: step.sla, remaining: null };
  const remaining = step.remainingSeconds - (liveElapsed - baseElapsed);
  return { sla: remaining < 0 ? ('overdue' as const) : step.sla, remaining };
}
