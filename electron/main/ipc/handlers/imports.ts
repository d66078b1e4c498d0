import type { ChannelName } from '../../../../shared/ipc/contract';
import type { Backend } from '../../backend';
import { listImportHistory, pickImportFiles, previewImport, startImports } from '../../services/imports';
import type { Handlers } from '../dispatcher';

type ImportChannel = Extract<ChannelName, `imports.${string}`>;

export function importsHandlers(backend: Backend): Pick<Handlers, ImportChannel> {
  const { context } = backend;
  return {
    'imports.preview': ({ path, ...options }) => {
      // The import usually follows: its job worker starts meanwhile.
      backend.jobs.prepare();
      return previewImport(context.db, path, options);
    },
    'imports.start': ({ paths, ...options }) => startImports(backend, paths, options),
    'imports.list': (query) => listImportHistory(context.db, query),
    'imports.pickFiles': () => pickImportFiles(backend),
  };
}
