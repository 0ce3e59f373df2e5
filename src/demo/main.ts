import { parseArgs } from 'node:util';
import { reportError } from '../cli/report-error.js';
import { loadSettings } from '../config.js';
import { RedisServerMissingError } from '../domain/errors/index.js';
import { DEMO_SETTINGS, runDemo, SAMPLE_ARTICLE } from './run-demo.js';

const USAGE = `usage: npm run demo [-- [--once] [article.json]]
  Runs crier in outbox mode on this machine and publishes the sample article (or the file given)
  through the signed intake. --once exits when the posts are delivered (0) or not (1).`;

const OPTIONS = { once: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

function parseCommandLine() {
  try {
    return parseArgs({ options: OPTIONS, allowPositionals: true });
  } catch (error) {
    process.stderr.write(`crier demo: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

const args = parseCommandLine();
if (args.values.help || args.positionals.length > 1) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(args.values.help ? 0 : 2);
}

// The first signal stops the demo cleanly (its keys removed, its own Redis stopped); one more a while
// later exits at once. Ctrl-C reaches the demo more than once (the terminal signals the whole process
// group, and npm passes its copy on), so copies that arrive together count as one.
const stopping = new AbortController();
let firstSignalAt = 0;
const onSignal = () => {
  if (!stopping.signal.aborted) {
    firstSignalAt = Date.now();
    stopping.abort();
  } else if (Date.now() - firstSignalAt > 2000) {
    process.exit(130);
  }
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('SIGHUP', onSignal);

try {
  process.exitCode = await runDemo({
    once: args.values.once === true,
    articleFile: args.positionals[0] ?? SAMPLE_ARTICLE,
    settings: loadSettings(DEMO_SETTINGS),
    print: (line) => process.stdout.write(`${line}\n`),
    signal: stopping.signal,
  });
} catch (error) {
  if (error instanceof RedisServerMissingError) {
    process.stderr.write(`crier demo: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    const { message, exitCode } = reportError(error);
    process.stderr.write(`${message}\n`);
    process.exitCode = exitCode;
  }
}
// Sockets to Redis and timers are closed; anything left (a client keep-alive) must not hold the demo open.
process.exit(process.exitCode ?? 0);
