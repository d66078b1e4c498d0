/**
 * The group health report for print (or "Save as PDF" in the print dialog): every card as a table (value, band,
 * threshold, previous period, what changed), every chart as an image in the light theme's colours, and the member
 * tables. Plain black-on-white HTML outside the app shell, shown only in print media, as the crisis report is.
 */
import { createPortal } from 'react-dom';
import type { HealthCard } from '../../../../shared/domain/health/types';
import type {
  ChannelMixReport,
  CohortReport,
  ConversionReport,
  TopReport,
} from '../../../../shared/domain/health/types';
import type { TierDistribution } from '../../../../shared/domain/tiers';
import { PrintWatermark } from '../lock/PrintWatermark';
import { useHealthFormat } from './healthFormat';

const printCss = `
.health-print { display: none; }
@media print {
  body > *:not(.health-print) { display: none !important; }
  .health-print { display: block; color: #000; background: #fff; font-size: 10pt; line-height: 1.45; }
  .health-print table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; }
  .health-print th, .health-print td { border: 0.5pt solid #999; padding: 2pt 5pt; text-align: left; vertical-align: top; }
  .health-print td.number { text-align: right; font-variant-numeric: tabular-nums; }
  .health-print h1 { font-size: 18pt; margin: 0 0 4pt; }
  .health-print h2 { font-size: 13pt; margin: 12pt 0 4pt; }
  .health-print h3 { font-size: 11pt; margin: 8pt 0 2pt; }
  .health-print section, .health-print figure { break-inside: avoid; }
  .health-print figure { margin: 0 0 8pt; }
  .health-print img { max-width: 100%; border: 0.5pt solid #ccc; }
  .health-print .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 8pt; }
}`;

export interface ReportImage {
  title: string;
  src: string;
  /** Width on screen: charts as wide as the page take both columns of the printout. */
  width: number;
}

export interface HealthReportData {
  scope: string;
  range: { from: string; to: string; days: number };
  generatedAt: string;
  cards: HealthCard[];
  images: ReportImage[];
  channels: ChannelMixReport | undefined;
  tiers: TierDistribution | null | undefined;
  top: TopReport | undefined;
  cohorts: CohortReport | undefined;
  conversions: ConversionReport | undefined;
}

function CardTable({ card }: { card: HealthCard }) {
  const format = useHealthFormat();
  const { t } = format;
  return (
    <section data-testid="report-card">
      <h3>
        {card.groupName} · {t(`health.rag.${card.status ?? 'none'}`)}
      </h3>
      <table>
        <thead>
          <tr>
            <th>{t('health.report.metric')}</th>
            <th>{t('health.report.value')}</th>
            <th>{t('health.report.band')}</th>
            <th>{t('health.report.threshold')}</th>
            <th>{t('health.report.previous')}</th>
          </tr>
        </thead>
        <tbody>
          {card.metrics.map((item) => (
            <tr key={item.metric}>
              <td>{format.metricName(item.metric)}</td>
              <td className="number">{format.metric(item.metric, item.current)}</td>
              <td>{item.rag ? t(`health.rag.${item.rag}`) : '—'}</td>
              <td>
                {item.bands ? `${format.percent(item.bands.amber)} / ${format.percent(item.bands.red)}` : '—'}
              </td>
              <td className="number">
                {format.metric(item.metric, item.previous)} · {t(`health.trend.${item.trend.direction}`)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {card.changes.length > 0 && (
        <p>
          <strong>{t('health.report.changes')}：</strong>
          {card.changes
            .map((change) =>
              t(`health.changes.${change.kind}`, {
                metric: format.metricName(change.metric),
                from: format.metric(change.metric, { value: change.from, status: 'ok' }),
                to: format.metric(change.metric, { value: change.to, status: 'ok' }),
                rag: change.toRag ? t(`health.rag.${change.toRag}`) : '',
              }),
            )
            .join('；')}
        </p>
      )}
    </section>
  );
}

export function HealthReport({ data }: { data: HealthReportData }) {
  const format = useHealthFormat();
  const { t, number, percent } = format;
  const kindTotal = data.top?.kinds.reduce((sum, kind) => sum + kind.messages, 0) ?? 0;
  return createPortal(
    <div className="health-print" data-testid="health-print">
      <style>{printCss}</style>
      <PrintWatermark />
      <h1>{t('health.report.title')}</h1>
      <p>
        {t('health.report.meta', {
          scope: data.scope,
          from: data.range.from,
          to: data.range.to,
          days: data.range.days,
          at: format.dateTime(data.generatedAt),
        })}
      </p>
      <p>{t('health.zoneNote')}</p>
      {data.cards.map((card) => (
        <CardTable key={card.groupId} card={card} />
      ))}

      <h2>{t('health.report.charts')}</h2>
      <div className="charts">
        {data.images.map((image) => (
          <figure key={image.title} style={image.width > 800 ? { gridColumn: '1 / -1' } : undefined}>
            <h3>{image.title}</h3>
            <img src={image.src} alt={image.title} />
          </figure>
        ))}
      </div>

      <h2>{t('health.report.tables')}</h2>
      {data.conversions && data.conversions.activities.length > 0 && (
        <section>
          <h3>{t('health.sections.conversions')}</h3>
          <table>
            <thead>
              <tr>
                <th>{t('health.conversions.date')}</th>
                <th>{t('health.conversions.activity')}</th>
                <th>{t('health.conversions.reached')}</th>
                <th>{t('health.conversions.converted')}</th>
                <th>{t('health.conversions.rate')}</th>
                <th>{t('health.conversions.band')}</th>
              </tr>
            </thead>
            <tbody>
              {data.conversions.activities.map((row) => (
                <tr key={row.activityId} data-testid="report-conversion">
                  <td>{row.date}</td>
                  <td>
                    {row.title} · {row.groupName}
                  </td>
                  <td className="number">{number(row.reached)}</td>
                  <td className="number">{row.converted === null ? '—' : number(row.converted)}</td>
                  <td className="number">
                    {row.rate === null ? t('health.conversions.notEntered') : percent(row.rate)}
                  </td>
                  <td>{row.rag ? t(`health.rag.${row.rag}`) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {data.tiers && data.tiers.total > 0 && (
        <section>
          <h3>{t('health.tiers.title')}</h3>
          <table>
            <tbody>
              {data.tiers.shares.map((share) => (
                <tr key={share.tier}>
                  <td>{t(`tiers.names.${share.tier}`)}</td>
                  <td className="number">{number(share.count)}</td>
                  <td className="number">{share.percent}%</td>
                  <td>
                    {t('health.tiers.target')} {share.target.min}–{share.target.max}%
                  </td>
                  <td>{t(`health.tiers.${share.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {data.channels && data.channels.channels.length > 0 && (
        <section>
          <h3>{t('health.channels.title')}</h3>
          <table>
            <thead>
              <tr>
                <th>{t('members.columns.channel')}</th>
                <th>{t('health.channels.members')}</th>
                <th>{t('health.channels.joined')}</th>
              </tr>
            </thead>
            <tbody>
              {data.channels.channels.map((row) => (
                <tr key={row.channel}>
                  <td>{t(`members.channels.${row.channel}`, { defaultValue: row.channel })}</td>
                  <td className="number">{number(row.members)}</td>
                  <td className="number">{number(row.joined)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {data.cohorts && data.cohorts.cohorts.length > 0 && (
        <section>
          <h3>{t('health.sections.cohorts')}</h3>
          <table>
            <thead>
              <tr>
                <th>{t('health.cohorts.month')}</th>
                <th>{t('health.cohorts.joined')}</th>
                <th>
                  {t('health.cohorts.present')} / {t('health.cohorts.speaking')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.cohorts.cohorts.map((row) => (
                <tr key={row.month}>
                  <td>{row.month}</td>
                  <td className="number">{number(row.joined)}</td>
                  <td>
                    {row.cells
                      .map(
                        (cell) =>
                          `${cell.offset === 0 ? t('health.cohorts.offset0') : t('health.cohorts.offset', { n: cell.offset })} ${percent(row.joined ? cell.present / row.joined : 0)} / ${percent(row.joined ? cell.speaking / row.joined : 0)}`,
                      )
                      .join('　')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {data.top && data.top.members.length > 0 && (
        <section>
          <h3>{t('health.sections.members')}</h3>
          <table>
            <thead>
              <tr>
                <th>{t('health.top.member')}</th>
                <th>{t('health.top.messages')}</th>
                <th>{t('health.top.activeDays')}</th>
              </tr>
            </thead>
            <tbody>
              {data.top.members.map((member) => (
                <tr key={member.memberId}>
                  <td>{member.name}</td>
                  <td className="number">{number(member.messages)}</td>
                  <td className="number">{number(member.activeDays)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {data.top && kindTotal > 0 && (
        <section>
          <h3>{t('health.sections.kinds')}</h3>
          <p>
            {data.top.kinds
              .map(
                (kind) =>
                  `${t(`health.kinds.${kind.kind}`)} ${number(kind.messages)}（${percent(kind.messages / kindTotal)}）`,
              )
              .join('　')}
          </p>
          {data.top.words.length > 0 && (
            <p>
              <strong>{t('health.sections.words')}：</strong>
              {data.top.words.map((word) => `${word.word}（${number(word.messages)}）`).join('、')}
            </p>
          )}
        </section>
      )}
    </div>,
    document.body,
  );
}
