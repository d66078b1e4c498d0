/**
 * `npm run cli -- <command>` / `qundesk <command>`: the workstation's data from a terminal.
 * Global options: --workspace <dir> (default: the app's workspace; QUNDESK_DATA_DIR overrides), --json, --lang zh-CN|en.
 */
import { locales, type Locale } from '../../../shared/domain/types';
import { translate } from '../../../shared/i18n';
import { AppError } from '../../../shared/ipc/errors';
import { defaultWorkspaceDir } from '../services/dataDir';
import { backupCommands } from './commands/backup';
import { demoCommand, infoCommand, initCommand } from './commands/basic';
import { calendarCommands } from './commands/calendar';
import { crisisCommands } from './commands/crisis';
import { doctorCommand } from './commands/doctor';
import { statsCommand } from './commands/health';
import { groupsCommands } from './commands/groups';
import { importCommand } from './commands/import';
import { messagesCommand } from './commands/messages';
import { membersCommand, tiersCommand } from './commands/members';
import { operatorsCommand } from './commands/operators';
import { riskCommands } from './commands/risk';
import { serveCommand } from './commands/serve';
import { diagnosticsCommand } from './commands/diagnostics';
import { refuseDamagedForCli } from '../services/recovery';
import { createCliContext, describeError, makeBackend, settingsStore, type CliCommand } from './context';

export const commands: readonly CliCommand[] = [
  initCommand,
  infoCommand,
  demoCommand,
  serveCommand,
  doctorCommand,
  diagnosticsCommand,
  importCommand,
  messagesCommand,
  ...backupCommands,
  ...calendarCommands,
  ...crisisCommands,
  membersCommand,
  tiersCommand,
  operatorsCommand,
  ...riskCommands,
  ...groupsCommands,
  statsCommand,
];

interface GlobalOptions {
  workspace?: string;
  json: boolean;
  lang?: string;
  help: boolean;
  rest: string[];
}

function parseGlobals(argv: string[]): GlobalOptions {
  const options: GlobalOptions = { json: false, help: false, rest: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--workspace' || arg === '--lang') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new AppError('VALIDATION', 'cli.errors.missingValue', { option: arg });
      if (arg === '--workspace') options.workspace = value;
      else options.lang = value;
      i += 1;
    } else options.rest.push(arg);
  }
  return options;
}

function pickLocale(requested: string | undefined): Locale {
  if (requested && (locales as readonly string[]).includes(requested)) return requested as Locale;
  try {
    return settingsStore().get().locale;
  } catch {
    return 'zh-CN';
  }
}

function usage(locale: Locale): string {
  const lines = commands.map(
    (command) => `  ${command.usage.padEnd(48)} ${translate(locale, command.summaryKey)}`,
  );
  return `${translate(locale, 'cli.usage')}\n${lines.join('\n')}\n\n${translate(locale, 'cli.globalOptions')}`;
}

export async function main(argv: string[]): Promise<number> {
  let locale: Locale = 'zh-CN';
  let json = argv.includes('--json');
  try {
    const globals = parseGlobals(argv);
    locale = pickLocale(globals.lang);
    json = globals.json;
    const [name, ...args] = globals.rest;
    if (globals.help || name === undefined || name === 'help') {
      process.stdout.write(`${usage(locale)}\n`);
      return name === undefined && !globals.help ? 1 : 0;
    }
    const command = commands.find((candidate) => candidate.name === name);
    if (!command) throw new AppError('VALIDATION', 'cli.errors.unknownCommand', { name });
    const workspaceDir = globals.workspace ?? defaultWorkspaceDir();
    const context = createCliContext({
      workspaceDir,
      json,
      locale,
      args,
      // With --json only the result object goes to stdout (serve prints its URL as JSON itself).
      out: (text) => {
        if (!json || command.name === 'serve') process.stdout.write(`${text}\n`);
      },
      openBackend: (jobs = 'in-process') => refuseDamagedForCli(command.name, makeBackend(workspaceDir, jobs)),
    });
    const result = await command.run(context);
    if (json && command.name !== 'serve') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return context.exitCode;
  } catch (error) {
    const described = describeError(error, locale);
    if (json) process.stdout.write(`${JSON.stringify({ error: described })}\n`);
    process.stderr.write(`${translate(locale, 'cli.errorPrefix')}${described.text}\n`);
    return described.code === 'INTERNAL' ? 2 : 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
