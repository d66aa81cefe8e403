// echolens for VS Code: starts `echolens serve` through vscode-languageclient and adds the evidence commands.
//
// Command ids: the server's commands (`echolens.exportEvidence`, `echolens.exportAllEvidence`,
// `echolens.indexInfo`, see Protocol/LSP.md) are registered in VS Code by vscode-languageclient itself, from the
// server's executeCommandProvider, so code actions can run them. The extension's own palette commands therefore live
// under `echolens.client.*`; registering a server id a second time would fail with "command already exists".
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const {
  LanguageClient,
  State,
  ExecuteCommandRequest,
  DidChangeConfigurationNotification,
} = require('vscode-languageclient/node');

/** The settings section; also the client id, so vscode-languageclient reads `echolens.trace.server` itself. */
const SECTION = 'echolens';

/** Language ids the server reads transcripts from. */
const LANGUAGES = ['markdown', 'plaintext', 'json', 'jsonl'];

/** Server-side commands (Protocol/LSP.md, "Commands"). */
const SERVER_COMMANDS = {
  exportEvidence: 'echolens.exportEvidence',
  exportAllEvidence: 'echolens.exportAllEvidence',
  indexInfo: 'echolens.indexInfo',
  compare: 'echolens.compare',
  writeReport: 'echolens.writeReport',
};

/** The server's request for the text of a reference answer (Protocol/LSP.md, `echolens/referenceDocument`). */
const REFERENCE_DOCUMENT_REQUEST = 'echolens/referenceDocument';

/** Reference answers: definitions (F12) and related-information links point at this scheme; read-only views. */
const REFERENCE_SCHEME = 'echolens-index';

/** The transcript side of the compare diff view: the passage's text, kept by the extension. */
const PASSAGE_SCHEME = 'echolens-passage';

/** The extension's own commands, contributed in package.json. */
const CLIENT_COMMANDS = {
  exportEvidence: 'echolens.client.exportEvidence',
  exportAllEvidence: 'echolens.client.exportAllEvidence',
  showIndexInfo: 'echolens.client.showIndexInfo',
  writeReport: 'echolens.client.writeReport',
  restartServer: 'echolens.client.restartServer',
  compareWithReference: 'echolens.client.compareWithReference',
  showOutput: 'echolens.client.showOutput',
};

/** Settings that configure the client and are never sent to the server. */
const CLIENT_ONLY_SETTINGS = new Set(['path', 'trace.server']);

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let outputChannel;
/** @type {Map<string, string>} passage texts shown by the compare view, by their `echolens-passage:` URI. */
const passageTexts = new Map();
/** @type {string[]} setting names (without `echolens.`) from package.json, read once at activation. */
let serverSettingNames = [];

/** The message shown when the binary is missing; Editors/vscode/README.md quotes it. */
function missingBinaryMessage(binary, configured) {
  if (configured) {
    return `echolens: server binary '${binary}' (from echolens.path) not found or not executable; ` +
      'fix the path or clear the setting to search PATH.';
  }
  return `echolens: server binary '${binary}' not found on PATH; install it (swift build -c release, then put ` +
    '.build/release/echolens on PATH) or set echolens.path.';
}

/** Whether `file` is an executable regular file. */
function isExecutable(file) {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    if (process.platform === 'win32') {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The server binary: `echolens.path` (with `~` and workspace-relative paths resolved) or `echolens` on PATH.
 *
 * @returns {{ path?: string, error?: string }}
 */
function findServer() {
  const configured = (vscode.workspace.getConfiguration(SECTION).get('path') || '').trim();
  if (configured) {
    let candidate = configured.startsWith('~') ? path.join(os.homedir(), configured.slice(1)) : configured;
    const folders = vscode.workspace.workspaceFolders;
    if (!path.isAbsolute(candidate) && folders && folders.length > 0) {
      candidate = path.join(folders[0].uri.fsPath, candidate);
    }
    return isExecutable(candidate) ? { path: candidate } : { error: missingBinaryMessage(candidate, true) };
  }
  const names = process.platform === 'win32' ? ['echolens.exe', 'echolens'] : ['echolens'];
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) {
        return { path: candidate };
      }
    }
  }
  return { error: missingBinaryMessage('echolens', false) };
}

/** Sets `object[a][b]... = value` for a dotted `name` such as `severities.strong`. */
function setNested(object, name, value) {
  const parts = name.split('.');
  let target = object;
  for (const part of parts.slice(0, -1)) {
    if (typeof target[part] !== 'object' || target[part] === null) {
      target[part] = {};
    }
    target = target[part];
  }
  target[parts[parts.length - 1]] = value;
}

/**
 * The `echolens` settings section as the server reads it: every server setting with its effective value.
 *
 * Complete, not only what the user set, because the server merges a pushed section over its current settings: a
 * setting the user removes must go out again with its default to take effect. The defaults in package.json are the
 * ones of Protocol/LSP.md (a test checks), and `indexPaths: []` means the same as unset there.
 * `echolens.severities.strong` becomes `{ severities: { strong } }`.
 */
function serverSettings() {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  const settings = {};
  for (const name of serverSettingNames) {
    const value = configuration.get(name);
    if (value !== undefined) {
      setNested(settings, name, value);
    }
  }
  return settings;
}

/** Setting names from the contributed configuration, minus the client-only ones. */
function settingNamesFrom(packageJSON) {
  const properties = (((packageJSON || {}).contributes || {}).configuration || {}).properties || {};
  return Object.keys(properties)
    .filter((key) => key.startsWith(`${SECTION}.`))
    .map((key) => key.slice(SECTION.length + 1))
    .filter((name) => !CLIENT_ONLY_SETTINGS.has(name));
}

/** Starts the client, or explains (once, with a button to the setting) why it cannot. */
async function startClient() {
  const server = findServer();
  if (!server.path) {
    outputChannel.appendLine(server.error);
    // Not awaited: activation must not wait for the user to click the notification.
    vscode.window.showErrorMessage(server.error, 'Open Settings', 'Show Output').then((choice) => {
      if (choice === 'Open Settings') {
        vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.path`);
      } else if (choice === 'Show Output') {
        outputChannel.show(true);
      }
    });
    return;
  }
  const folders = vscode.workspace.workspaceFolders;
  const serverOptions = {
    command: server.path,
    args: ['serve'],
    options: folders && folders.length > 0 ? { cwd: folders[0].uri.fsPath } : {},
  };
  const clientOptions = {
    documentSelector: LANGUAGES.map((language) => ({ scheme: 'file', language })),
    initializationOptions: serverSettings(),
    outputChannel,
    diagnosticCollectionName: SECTION,
    middleware: {
      workspace: {
        // Answer pulls of the `echolens` section with the same object the pushes carry.
        configuration: async (params, token, next) => {
          const fallback = await next(params, token);
          return params.items.map((item, index) =>
            item.section === SECTION ? serverSettings() : Array.isArray(fallback) ? fallback[index] : null,
          );
        },
      },
    },
  };
  client = new LanguageClient(SECTION, 'echolens', serverOptions, clientOptions);
  outputChannel.appendLine(`echolens: starting ${server.path} serve`);
  try {
    await client.start();
  } catch (error) {
    const message = `echolens: the server failed to start: ${error && error.message ? error.message : error}`;
    outputChannel.appendLine(message);
    vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
      if (choice === 'Show Output') {
        outputChannel.show(true);
      }
    });
  }
}

async function stopClient() {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (error) {
      outputChannel.appendLine(`echolens: stopping the server: ${error && error.message ? error.message : error}`);
    }
  }
}

/** The running client, or undefined after telling the user why there is none. */
function runningClient() {
  if (client && client.state === State.Running) {
    return client;
  }
  vscode.window.showWarningMessage('echolens: the server is not running (see "echolens: Show Output").');
  return undefined;
}

/** The active editor's document if it is a transcript the server reads. */
function activeTranscript() {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !LANGUAGES.includes(editor.document.languageId)) {
    vscode.window.showInformationMessage('echolens: open a Markdown, text, JSON or JSONL transcript first.');
    return undefined;
  }
  return editor;
}

async function runExport(running, command, argument) {
  try {
    const result = await running.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] });
    if (!result || typeof result.path !== 'string') {
      vscode.window.showErrorMessage('echolens: export failed: the server returned no report path.');
      return result;
    }
    const passages = Number(result.passages) || 0;
    vscode.window.showInformationMessage(`echolens: exported ${passages} passage(s) to ${result.path}`);
    return result;
  } catch (error) {
    vscode.window.showErrorMessage(`echolens: export failed: ${error && error.message ? error.message : error}`);
    return undefined;
  }
}

/**
 * The command argument naming the passage at the cursor: `{uri, passageId}` when the cursor is on an echolens
 * diagnostic (the smallest, when they nest), else `{uri, position}`.
 */
function passageArgument(running, editor) {
  const document = editor.document;
  const cursor = editor.selection.active;
  const uri = running.code2ProtocolConverter.asUri(document.uri);
  const diagnostic = vscode.languages
    .getDiagnostics(document.uri)
    .filter((d) => d.source === 'echolens' && d.range.contains(cursor) && d.data && d.data.passageId !== undefined)
    .sort((a, b) => document.offsetAt(a.range.end) - document.offsetAt(a.range.start) -
      (document.offsetAt(b.range.end) - document.offsetAt(b.range.start)))[0];
  return diagnostic
    ? { uri, passageId: diagnostic.data.passageId }
    : { uri, position: running.code2ProtocolConverter.asPosition(cursor) };
}

/** Exports the passage at the cursor: by passage id when the cursor is on an echolens diagnostic, else by position. */
async function exportEvidence() {
  const editor = activeTranscript();
  const running = editor && runningClient();
  if (!running) {
    return undefined;
  }
  return runExport(running, SERVER_COMMANDS.exportEvidence, passageArgument(running, editor));
}

/**
 * Serves `echolens-index:` URIs (definitions, related information) with the reference answer from the server, and
 * `echolens-passage:` URIs with the passage texts of the compare view. VS Code shows such documents read-only.
 */
const contentProvider = {
  async provideTextDocumentContent(uri) {
    if (uri.scheme === PASSAGE_SCHEME) {
      return passageTexts.get(uri.toString()) || '';
    }
    if (!client || client.state !== State.Running) {
      return 'echolens: the server is not running, so this reference cannot be shown (see "echolens: Show Output").';
    }
    try {
      const result = await client.sendRequest(REFERENCE_DOCUMENT_REQUEST, { uri: uri.toString() });
      return result && typeof result.text === 'string' ? result.text : 'echolens: the server returned no text.';
    } catch (error) {
      return `echolens: ${error && error.message ? error.message : error}`;
    }
  },
};

/** Shows the passage at the cursor against its reference answer in VS Code's diff view (reference on the left). */
async function compareWithReference() {
  const editor = activeTranscript();
  const running = editor && runningClient();
  if (!running) {
    return undefined;
  }
  let result;
  try {
    result = await running.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_COMMANDS.compare,
      arguments: [passageArgument(running, editor)],
    });
  } catch (error) {
    vscode.window.showErrorMessage(`echolens: compare failed: ${error && error.message ? error.message : error}`);
    return undefined;
  }
  if (!result || !result.reference || !result.passage) {
    vscode.window.showErrorMessage('echolens: compare failed: the server returned no passage.');
    return undefined;
  }
  const name = path.basename(editor.document.uri.fsPath || 'transcript');
  const passageUri = vscode.Uri.parse(
    `${PASSAGE_SCHEME}:/${encodeURIComponent(name)}?${encodeURIComponent(JSON.stringify(result.passage.range))}`,
  );
  passageTexts.set(passageUri.toString(), result.passage.text);
  const title = `echolens: ${result.reference.documentID} by ${result.reference.model} ↔ ${name}`;
  await vscode.commands.executeCommand('vscode.diff', vscode.Uri.parse(result.reference.uri), passageUri, title);
  return result;
}

async function exportAllEvidence() {
  const editor = activeTranscript();
  const running = editor && runningClient();
  if (!running) {
    return undefined;
  }
  const uri = running.code2ProtocolConverter.asUri(editor.document.uri);
  return runExport(running, SERVER_COMMANDS.exportAllEvidence, { uri });
}

async function showIndexInfo() {
  const running = runningClient();
  if (!running) {
    return undefined;
  }
  try {
    const result = await running.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_COMMANDS.indexInfo,
      arguments: [],
    });
    outputChannel.appendLine('echolens index:');
    outputChannel.appendLine(JSON.stringify(result, null, 2));
    outputChannel.show(true);
    return result;
  } catch (error) {
    vscode.window.showErrorMessage(`echolens: index info failed: ${error && error.message ? error.message : error}`);
    return undefined;
  }
}

/**
 * Writes the corpus-level report for the workspace (`echolens.writeReport`): the server scans the workspace and the
 * panel in `.echolens/panel`, writes `.echolens/reports/report.html` and answers with the verdict, shown here with a
 * button that opens the report.
 */
async function writeReport() {
  const running = runningClient();
  if (!running) {
    return undefined;
  }
  try {
    const result = await running.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_COMMANDS.writeReport,
      arguments: [{ format: 'html' }],
    });
    outputChannel.appendLine(`echolens report: ${result.verdict} (${result.path})`);
    vscode.window.showInformationMessage(`echolens: ${result.verdict}`, 'Open Report').then((choice) => {
      if (choice === 'Open Report') {
        vscode.env.openExternal(vscode.Uri.file(result.path));
      }
    });
    return result;
  } catch (error) {
    vscode.window.showErrorMessage(`echolens: report failed: ${error && error.message ? error.message : error}`);
    return undefined;
  }
}

async function restartServer() {
  await stopClient();
  await startClient();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  outputChannel = vscode.window.createOutputChannel('echolens');
  serverSettingNames = settingNamesFrom(context.extension ? context.extension.packageJSON : undefined);
  context.subscriptions.push(
    outputChannel,
    vscode.commands.registerCommand(CLIENT_COMMANDS.exportEvidence, exportEvidence),
    vscode.commands.registerCommand(CLIENT_COMMANDS.exportAllEvidence, exportAllEvidence),
    vscode.commands.registerCommand(CLIENT_COMMANDS.showIndexInfo, showIndexInfo),
    vscode.commands.registerCommand(CLIENT_COMMANDS.writeReport, writeReport),
    vscode.commands.registerCommand(CLIENT_COMMANDS.restartServer, restartServer),
    vscode.commands.registerCommand(CLIENT_COMMANDS.compareWithReference, compareWithReference),
    vscode.workspace.registerTextDocumentContentProvider(REFERENCE_SCHEME, contentProvider),
    vscode.workspace.registerTextDocumentContentProvider(PASSAGE_SCHEME, contentProvider),
    vscode.commands.registerCommand(CLIENT_COMMANDS.showOutput, () => outputChannel.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration(SECTION)) {
        return;
      }
      if (event.affectsConfiguration(`${SECTION}.path`)) {
        await restartServer();
        return;
      }
      if (client && client.state === State.Running) {
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { [SECTION]: serverSettings() },
        });
      }
    }),
  );
  await startClient();
}

async function deactivate() {
  await stopClient();
}

module.exports = {
  activate,
  deactivate,
  // For tests that load this file outside VS Code.
  _internal: {
    CLIENT_COMMANDS, SERVER_COMMANDS, LANGUAGES, REFERENCE_SCHEME, missingBinaryMessage, serverSettings, findServer,
  },
};
