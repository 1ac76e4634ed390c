import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

const SECTION = 'textlint';

let client: LanguageClient | undefined;
let outputChannel: vscode.OutputChannel | undefined;
let traceChannel: vscode.OutputChannel | undefined;

interface InitializationOptions {
  select: string[];
  ignore: string[];
  rules: string[];
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function initializationOptions(): InitializationOptions {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    select: stringArray(config.get('select')),
    ignore: stringArray(config.get('ignore')),
    rules: stringArray(config.get('rules')),
  };
}

function serverPath(): string {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>('path');
  return configured && configured.trim() !== '' ? configured.trim() : 'textlint';
}

function createClient(): LanguageClient {
  const command = serverPath();
  const serverOptions: ServerOptions = {
    run: { command, args: ['lsp'], transport: TransportKind.stdio },
    debug: { command, args: ['lsp'], transport: TransportKind.stdio },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'untitled', language: 'plaintext' },
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    initializationOptions: initializationOptions(),
    synchronize: {
      // Sends workspace/didChangeConfiguration with the `textlint` section.
      configurationSection: SECTION,
    },
    outputChannel,
    traceOutputChannel: traceChannel,
  };

  return new LanguageClient(SECTION, 'textlint', serverOptions, clientOptions);
}

async function startClient(): Promise<void> {
  client = createClient();
  try {
    await client.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(
      `textlint: failed to start the language server with \`${serverPath()} lsp\`: ${message}. ` +
        'Check the `textlint.path` setting.',
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
    vscode.commands.registerCommand('textlint.restart', restartClient),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SECTION}.path`)) {
        void restartClient();
      }
    }),
    { dispose: () => void stopClient() },
  );

  await startClient();
}

export function deactivate(): Thenable<void> | undefined {
  return client ? stopClient() : undefined;
}
