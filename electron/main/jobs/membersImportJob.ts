import { z } from 'zod';
import { memberCsvFields, type MemberImportReport } from '../../../shared/ipc/channels/members';
import { importMembers } from '../services/membersCsv';
import { defineJob } from './types';

const inputSchema = z.object({
  path: z.string().min(1),
  mapping: z.record(z.string(), z.enum([...memberCsvFields, 'ignore'])),
  sheet: z.string().optional(),
});

/** Member table import (CSV or XLSX): all rows checked first, then one transaction for all of them (a bad row writes nothing). */
export const membersImportJob = defineJob({
  kind: 'members.import',
  titleKey: 'jobs.membersImport',
  changes: ['members', 'groups', 'audit'],
  async run(rawInput, context): Promise<MemberImportReport> {
    const input = inputSchema.parse(rawInput);
    // All rows go in one transaction (about 110 MB of pages for 200,000 members): folded back after the report.
    context.checkpointAfterResult();
    context.progress(0, 1, 'jobs.steps.checkingRows');
    return importMembers(
      context.db,
      input.path,
      input.mapping,
      { operator: context.operator, now: context.now() },
      {
        sheet: input.sheet,
        progress: (done, total) => context.progress(done, total, 'jobs.steps.writingMembers'),
        throwIfCancelled: () => context.throwIfCancelled(),
      },
    );
  },
});
