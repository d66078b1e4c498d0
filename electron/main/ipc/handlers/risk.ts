import { lintList } from '../../../../shared/domain/sensitive';
import { completeList } from '../../../../shared/domain/sensitive/types';
import type { riskChannels } from '../../../../shared/ipc/channels/risk';
import type { DataEntity } from '../../../../shared/ipc/contract';
import type { Backend } from '../../backend';
import { riskScanKind } from '../../jobs/riskScanJob';
import { backtestList, checkRiskText } from '../../services/riskCheck';
import {
  enableRiskList,
  exportRiskList,
  importRiskList,
  parseWordLines,
  removeRiskList,
  riskListDetail,
  riskListsView,
  saveRiskList,
} from '../../services/riskLists';
import { decideHits, riskQueue, riskStats, riskSummary } from '../../services/riskReview';
import type { Handlers } from '../dispatcher';

type RiskChannel = keyof typeof riskChannels;

/** List changes alter what the scan finds; every change is audited. */
const riskChange: DataEntity[] = ['risk', 'audit'];

/** The scan job running now, so a second click follows it instead of starting another. */
export function runningRiskScan(backend: Backend): string | null {
  return backend.jobs.list().find((job) => job.kind === riskScanKind && job.status === 'running')?.id ?? null;
}

export function startRiskScan(backend: Backend): { jobId: string } {
  const running = runningRiskScan(backend);
  if (running) return { jobId: running };
  return { jobId: backend.jobs.start(riskScanKind, {}, backend.context.operator()) };
}

export function riskHandlers(backend: Backend): Pick<Handlers, RiskChannel> {
  const { context } = backend;
  const change = <T>(run: () => T): T => backend.changed(riskChange, run);
  return {
    'risk.summary': () => riskSummary(context, runningRiskScan(backend)),
    'risk.check': ({ text, listIds }) => checkRiskText(context, text, listIds),
    'risk.lists': () => riskListsView(context),
    'risk.getList': ({ id }) => riskListDetail(context, id),
    'risk.saveList': (input) => change(() => saveRiskList(context, input)),
    'risk.enableList': ({ id, enabled }) => change(() => enableRiskList(context, id, enabled)),
    'risk.deleteList': ({ id }) =>
      change(() => {
        removeRiskList(context, id);
        return { deleted: true as const };
      }),
    'risk.importList': (input) => change(() => importRiskList(context, input)),
    'risk.exportList': ({ id, format }) => exportRiskList(context, id, format),
    // Linted as typed (repeats included): saving drops exact repeats, the warning says why the count shrank.
    'risk.lint': ({ list }) => ({ warnings: lintList(completeList(list)) }),
    'risk.parseWords': ({ text, options }) => parseWordLines(text, options),
    'risk.backtest': (input) => backtestList(context, input),
    'risk.scan': () => startRiskScan(backend),
    'risk.queue': (query) => riskQueue(context, query),
    'risk.decide': (input) => {
      const result = decideHits(context, input);
      backend.events.emit('data.changed', {
        entities: result.violationIds.length > 0 ? [...riskChange, 'members'] : riskChange,
      });
      return result;
    },
    'risk.stats': (input) => riskStats(context, input),
  };
}
