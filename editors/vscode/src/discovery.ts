// Finding the textlint language server to start, without the `vscode` module, so that it can be
// unit-tested with plain Node (src/discovery.test.ts).
//
// Order: the `textlintCoref.path` setting when it is set; else `python -m textlint lsp` with the
// interpreter the Python extension selected for the workspace (where `pip install .` put it);
// else `textlint` on PATH. npm's `textlint` (the JavaScript prose linter) also installs a
// `textlint` command, and answers `textlint lsp` with "No rules found"; so every candidate is
// asked for `--version` first and is used only if it answers as this textlint does
// ("textlint 0.1.0"), and once started the server must name itself `textlint` in its
// initialize result.

import { execFile } from 'child_process';

export type Source = 'setting' | 'python' | 'path';

export interface Candidate {
  command: string;
  args: string[]; // the arguments that start the language server
  source: Source;
}

export interface Found {
  candidate: Candidate;
  version: string;
}

export interface NotFound {
  reasons: string[]; // one line per candidate tried
}

export interface DiscoveryOptions {
  configuredPath?: string;
  interpreter?: string[]; // the Python extension's command for the interpreter (may carry arguments)
}

// What `textlint --version` prints (linter/cli.py): "textlint 0.1.0".
const VERSION = /^textlint (\d+\.\d+[^\s]*)\s*$/;
export const SERVER_NAME = 'textlint';
const PROBE_TIMEOUT_MS = 15000;

export function candidates(options: DiscoveryOptions): Candidate[] {
  const configured = options.configuredPath?.trim();
  if (configured) {
    // an explicit setting is the user's choice: no fallback that would hide a typo
    return [{ command: configured, args: ['lsp'], source: 'setting' }];
  }
  const found: Candidate[] = [];
  const interpreter = (options.interpreter ?? []).filter((part) => part !== '');
  if (interpreter.length > 0) {
    found.push({ command: interpreter[0], args: [...interpreter.slice(1), '-m', 'textlint', 'lsp'], source: 'python' });
  }
  found.push({ command: 'textlint', args: ['lsp'], source: 'path' });
  return found;
}

export function describe(candidate: Candidate): string {
  return [candidate.command, ...candidate.args].join(' ');
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  error?: string; // the command could not be run at all
}

export type Runner = (command: string, args: string[]) => Promise<RunResult>;

export const runProcess: Runner = (command, args) =>
  new Promise((resolve) => {
    execFile(command, args, { timeout: PROBE_TIMEOUT_MS, windowsHide: true }, (error, stdout, stderr) => {
      const failure = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
      if (failure && typeof failure.code === 'string') {
        resolve({ code: null, stdout: String(stdout), stderr: String(stderr), error: failure.code });
        return;
      }
      resolve({ code: failure ? (typeof failure.code === 'number' ? failure.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });

// The candidate's command with `--version` in place of `lsp`.
export function versionArgs(candidate: Candidate): string[] {
  return [...candidate.args.slice(0, -1), '--version'];
}

export async function probe(candidate: Candidate, run: Runner = runProcess): Promise<Found | string> {
  const shown = describe(candidate);
  const result = await run(candidate.command, versionArgs(candidate));
  if (result.error) {
    return `${shown}: cannot run it (${result.error})`;
  }
  const answer = (result.stdout.trim() || result.stderr.trim()).split(/\r?\n/)[0] ?? '';
  const match = VERSION.exec(answer);
  if (result.code === 0 && match) {
    return { candidate, version: match[1] };
  }
  if (/No module named/.test(result.stderr)) {
    return `${shown}: textlint is not installed in this Python environment`;
  }
  return `${shown}: not this textlint (its --version answered '${answer || `exit code ${result.code}`}'; npm's textlint is another program)`;
}

export async function findServer(options: DiscoveryOptions, run: Runner = runProcess): Promise<Found | NotFound> {
  const reasons: string[] = [];
  for (const candidate of candidates(options)) {
    const outcome = await probe(candidate, run);
    if (typeof outcome !== 'string') {
      return outcome;
    }
    reasons.push(outcome);
  }
  return { reasons };
}

export function isFound(outcome: Found | NotFound): outcome is Found {
  return (outcome as Found).candidate !== undefined;
}

// After `initialize`: the server that answered is this textlint's.
export function isThisServer(serverInfo: { name: string; version?: string } | undefined): boolean {
  return serverInfo !== undefined && serverInfo.name === SERVER_NAME;
}
