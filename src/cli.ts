#!/usr/bin/env -S node --max-semi-space-size=1 --heap-growing-percent=50
// V8 flags (here, in `npm start` and in the Docker image), to keep a busy worker's memory bounded:
// --max-semi-space-size=1: V8 otherwise grows the young generation to 16 MB a half (~165 MB resident
//   under load against ~135 MB, for about a tenth more CPU per post; --optimize-for-size kept it
//   near 120 MB but cost about a quarter more).
// --heap-growing-percent=50: after each full GC the old generation may grow to 1.5× what survived,
//   not up to 4×. Without it a worker at 50 events/s grows ~1 MB a second with garbage that only
//   a full GC frees (heap snapshots taken 20 s apart hold the same ~30 MB), past 175 MB in a
//   minute; with it, it stays near 130 MB, for no CPU cost measurable here.
// (`npm run bench`, runs taken in turn.) Run `node dist/cli.js …` to have V8's defaults instead.
import { Command } from 'commander';
import { reportError } from './cli/report-error.js';
import { loadConfig } from './config.js';
import { PLATFORM_IDS } from './domain/platform.js';

// Every command loads its own module when it runs: `crier render` starts without the platform SDKs
// and Redis, and `crier work` without the article parser and the render output.

async function run(action: () => Promise<string | void>): Promise<void> {
  try {
    const out = await action();
    if (out !== undefined) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
  } catch (error) {
    const { message, exitCode } = reportError(error);
    process.stderr.write(`${message}\n`);
    process.exitCode = exitCode;
  }
}

const PLATFORMS_HELP = `comma-separated platform ids (${PLATFORM_IDS.join(',')})`;

const program = new Command()
  .name('crier')
  .description("A newsroom's cross-posting service: articles in, platform-sized posts out, delivered exactly once.")
  .showHelpAfterError();

program
  .command('render')
  .description('compose the posts for an article event and print them (no Redis, no credentials)')
  .argument('<file>', 'article event JSON file, or - for standard input')
  .option('--platform <ids>', PLATFORMS_HELP)
  .option('--json', 'print one JSON document instead of a preview')
  .action((file: string, options: { platform?: string; json?: boolean }) =>
    run(async () => (await import('./cli/render-command.js')).renderCommand(file, options, loadConfig())),
  );

program
  .command('send')
  .description('compose an article and deliver it now to each configured account, without the queue')
  .argument('<file>', 'article event JSON file, or - for standard input')
  .option('--platform <ids>', PLATFORMS_HELP)
  .option('--dry-run', 'compose and show what would be sent, send nothing')
  .option('--state-dir <dir>', 'where the per-article send ledgers are kept, so a second send does not post twice', '.crier')
  .action((file: string, options: { platform?: string; dryRun?: boolean; stateDir?: string }) =>
    run(async () => {
      const { sendCommand } = await import('./cli/send-command.js');
      const { output, failed } = await sendCommand(file, options, loadConfig());
      if (failed) process.exitCode = 1;
      return output;
    }),
  );

program
  .command('publish')
  .description('enqueue an article the way POST /v1/articles does (needs Redis)')
  .argument('<file>', 'article event JSON file, or - for standard input')
  .action((file: string) =>
    run(async () => (await import('./cli/publish-command.js')).publishCommand(file, loadConfig())),
  );

program
  .command('retract')
  .description("cancel an article's queued posts and delete what went out, on every platform (the workers do the deleting)")
  .argument('<article-id>', "the article's id, as the CMS sends it")
  .option('--reason <text>', 'why, for the history')
  .option('--as <name>', 'the editor to record as having asked')
  .action((articleId: string, options: { reason?: string; as?: string }) =>
    run(async () => (await import('./cli/retract-command.js')).retractCommand(articleId, options, loadConfig())),
  );

program
  .command('start')
  .description('run the intake server and the delivery workers in one process')
  .action(() =>
    run(async () => (await import('./cli/service-commands.js')).serviceCommand(loadConfig(), { serve: true, work: true })),
  );

program
  .command('serve')
  .description('run the intake server and editor API only')
  .action(() =>
    run(async () => (await import('./cli/service-commands.js')).serviceCommand(loadConfig(), { serve: true, work: false })),
  );

program
  .command('work')
  .description('run the delivery workers only (any number, on any number of machines)')
  .action(() =>
    run(async () => (await import('./cli/service-commands.js')).serviceCommand(loadConfig(), { serve: false, work: true })),
  );

const editor = program.command('editor').description('dashboard sign-ins: editor accounts in Redis');
editor
  .command('add')
  .description('add an editor; the password is asked for (or read from the first line of standard input)')
  .argument('<name>', 'sign-in name, recorded in the history as editor:<name>')
  .option('--role <role>', 'editor, or admin (Bull Board and editor accounts)', 'editor')
  .action((name: string, options: { role?: string }) =>
    run(async () => (await import('./cli/editor-command.js')).editorAddCommand(name, options, loadConfig())),
  );
editor
  .command('remove')
  .description('remove an editor; their open sessions stop working at once')
  .argument('<name>')
  .action((name: string) => run(async () => (await import('./cli/editor-command.js')).editorRemoveCommand(name, loadConfig())));
editor
  .command('list')
  .description('list editors with their roles')
  .action(() => run(async () => (await import('./cli/editor-command.js')).editorListCommand(loadConfig())));

await program.parseAsync(process.argv);
