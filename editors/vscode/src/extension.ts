import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { describe, findServer, isFound, isThisServer } from './discovery';

// `textlint.*` belongs to the extension of npm's textlint (the JavaScript prose linter);
// this one keeps its settings apart, so both can be installed.
const SECTION = 'textlintCoref';

let client: LanguageClient | undefined;
let outputChannel: vscode.OutputChannel | undefined;
let traceChannel: vscode.OutputChannel | undefined;

interface ServerSettings {
  select: string[];
  ignore: string[];
  extendSelect: string[];
  rules: string[];
  config?: string;
  isolated: boolean;
  debounce: number;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

// Every setting the server takes (lsp/settings.py), as initializationOptions.
function serverSettings(): ServerSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const settings: ServerSettings = {
    select: stringArray(config.get('select')),
    ignore: stringArray(config.get('ignore')),
    extendSelect: stringArray(config.get('extendSelect')),
    rules: stringArray(config.get('rules')),
    isolated: config.get<boolean>('isolated') === true,
    debounce: config.get<number>('debounce') ?? 120,
  };
  const file = config.get<string>('config');
  if (file && file.trim() !== '') {
    settings.config = file.trim();
  }
  return settings;
}

// The interpreter the Python extension selected for this workspace, as a command line.
async function pythonInterpreter(): Promise<string[] | undefined> {
  const extension = vscode.extensions.getExtension('ms-python.python');
  if (!extension) {
    return undefined;
  }
  try {
    if (!extension.isActive) {
      await extension.activate();
    }
    const api = extension.exports;
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    const environments = api?.environments;
    if (environments?.getActiveEnvironmentPath && environments?.resolveEnvironment) {
      const active = environments.getActiveEnvironmentPath(resource);
      const resolved = await environments.resolveEnvironment(active);
      const executable: string | undefined = resolved?.executable?.uri?.fsPath;
      if (executable) {
        return [executable];
      }
    }
    const details = api?.settings?.getExecutionDetails?.(resource);
    const command = stringArray(details?.execCommand);
    if (command.length > 0) {
      return command;
    }
  } catch (err) {
    outputChannel?.appendLine(`textlint: could not ask the Python extension for its interpreter: ${String(err)}`);
  }
  return undefined;
}

async function startClient(): Promise<void> {
  const configuredPath = vscode.workspace.getConfiguration(SECTION).get<string>('path');
  const outcome = await findServer({ configuredPath, interpreter: await pythonInterpreter() });
  if (!isFound(outcome)) {
    for (const reason of outcome.reasons) {
      outputChannel?.appendLine(`textlint: ${reason}`);
    }
    void vscode.window.showErrorMessage(
      'textlint: no textlint language server found. Install textlint into the workspace\'s Python ' +
        'environment (pip install <textlint folder or git URL>), or set `textlintCoref.path`. ' +
        `Tried: ${outcome.reasons.join('; ')}`,
    );
    return;
  }
  const { candidate, version } = outcome;
  outputChannel?.appendLine(`textlint ${version}: starting \`${describe(candidate)}\` (${candidate.source})`);
  const serverOptions: ServerOptions = {
    run: { command: candidate.command, args: candidate.args, transport: TransportKind.stdio },
    debug: { command: candidate.command, args: candidate.args, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'untitled', language: 'plaintext' },
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    initializationOptions: serverSettings(),
    synchronize: {
      // Sends workspace/didChangeConfiguration with the `textlintCoref` section.
      configurationSection: SECTION,
    },
    outputChannel,
    traceOutputChannel: traceChannel,
  };
  const started = new LanguageClient(SECTION, 'textlint', serverOptions, clientOptions);
  client = started;
  try {
    await started.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(
      `textlint: failed to start the language server with \`${describe(candidate)}\`: ${message}. ` +
        'Check the `textlintCoref.path` setting.',
    );
    return;
  }
  const serverInfo = started.initializeResult?.serverInfo;
  if (!isThisServer(serverInfo)) {
    await stopClient();
    void vscode.window.showErrorMessage(
      `textlint: \`${describe(candidate)}\` answered as '${serverInfo?.name ?? 'an unnamed server'}', ` +
        'not the textlint language server; set `textlintCoref.path`.',
    );
  }
}

async function stopClient(): Promise<void> {
  const current = client;
  client = undefined;
  if (current) {
    try {
      await current.stop();
    } catch {
      // The server may already be gone; nothing to do.
    }
  }
}

async function restartClient(): Promise<void> {
  await stopClient();
  await startClient();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  outputChannel = vscode.window.createOutputChannel('textlint');
  traceChannel = vscode.window.createOutputChannel('textlint (trace)');
  context.subscriptions.push(outputChannel, traceChannel);

  context.subscriptions.push(
    vscode.commands.registerCommand(`${SECTION}.restart`, restartClient),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SECTION}.path`)) {
        void restartClient();
      }
    }),
    { dispose: () => void stopClient() },
  );

  // a different interpreter may hold a different textlint (or none)
  const python = vscode.extensions.getExtension('ms-python.python');
  if (python) {
    try {
      if (!python.isActive) {
        await python.activate();
      }
      const changed = python.exports?.environments?.onDidChangeActiveEnvironmentPath;
      if (typeof changed === 'function') {
        context.subscriptions.push(changed(() => void restartClient()));
      }
    } catch {
      // without the Python extension's events, a restart command still picks a new interpreter
    }
  }

  await startClient();
}

export function deactivate(): Thenable<void> | undefined {
  return client ? stopClient() : undefined;
}
