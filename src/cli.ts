#!/usr/bin/env node
import { Command } from 'commander';
import { renderCommand } from './cli/render-command.js';
import { reportError } from './cli/report-error.js';
import { loadConfig } from './config.js';

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

const program = new Command()
  .name('crier')
  .description("A newsroom's cross-posting service: articles in, platform-sized posts out, delivered exactly once.")
  .showHelpAfterError();

program
  .command('render')
  .description('compose the posts for an article event and print them (no Redis, no credentials)')
  .argument('<file>', 'article event JSON file, or - for standard input')
  .option('--platform <ids>', 'comma-separated platform ids (x,bluesky,mastodon,threads,linkedin,telegram,discord,slack,webhook)')
  .option('--json', 'print one JSON document instead of a preview')
  .action((file: string, options: { platform?: string; json?: boolean }) =>
    run(() => renderCommand(file, options, loadConfig())),
  );

await program.parseAsync(process.argv);
