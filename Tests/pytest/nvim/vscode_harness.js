// Loads Editors/vscode/extension.js outside VS Code, with small stand-ins for the `vscode` and
// `vscode-languageclient/node` modules, runs one scenario and prints what the extension did as JSON.
//
// VS Code cannot run on the test machine and npm packages cannot be installed, so this checks the extension's own
// logic (finding the binary, building settings, the command ids, the export requests), not VS Code's.
//
// Usage: node vscode_harness.js <extension.js> <package.json> <scenario.json>
// scenario: { settings: { "<name without echolens.>": value }, workspaceFolder?: string,
//             editor?: { languageId, path, cursor: {line, character}, diagnostics?: [...] },
//             run?: [ command id, ... ], changeConfiguration?: { settings, affects: [ "echolens.x" ] },
//             replies?: { "<server command or request method>": result },
//             provide?: [ uri, ... ] (documents to ask the registered content providers for) }
'use strict';

const Module = require('module');
const fs = require('fs');
const path = require('path');

const [extensionPath, packagePath, scenarioPath] = process.argv.slice(2);
const packageJSON = JSON.parse(fs.readFileSync(packagePath, 'utf8'));
const scenario = JSON.parse(fs.readFileSync(scenarioPath, 'utf8'));

const log = {
  errorMessages: [],
  warningMessages: [],
  infoMessages: [],
  registeredCommands: [],
  executedCommands: [],
  clients: [],
  requests: [],
  notifications: [],
  results: {},
  outputLines: [],
  contentProviders: [],
  provided: {},
};

let configurationListener;
let lastClient;
let settings = { ...(scenario.settings || {}) };

class Position {
  constructor(line, character) {
    this.line = line;
    this.character = character;
  }
  isBefore(other) {
    return this.line < other.line || (this.line === other.line && this.character < other.character);
  }
}

class Range {
  constructor(start, end) {
    this.start = start;
    this.end = end;
  }
  contains(position) {
    return !position.isBefore(this.start) && !this.end.isBefore(position);
  }
}

function uriFor(file) {
  return { fsPath: file, scheme: 'file', toString: () => `file://${file}` };
}

const editor = scenario.editor
  ? {
    document: {
      languageId: scenario.editor.languageId,
      uri: uriFor(scenario.editor.path),
      // One character per column and 1000 per line is enough to order ranges by size.
      offsetAt: (p) => p.line * 1000 + p.character,
    },
    selection: { active: new Position(scenario.editor.cursor.line, scenario.editor.cursor.character) },
  }
  : undefined;

const diagnostics = ((scenario.editor && scenario.editor.diagnostics) || []).map((d) => ({
  source: d.source,
  data: d.data,
  range: new Range(
    new Position(d.range.start.line, d.range.start.character),
    new Position(d.range.end.line, d.range.end.character),
  ),
}));

const disposable = { dispose() {} };

/** `vscode.Uri.parse`, enough for the schemes the extension uses. */
function parseUri(text) {
  const match = /^([a-z][a-z0-9+.-]*):(?:\/\/[^/]*)?([^?#]*)(?:\?([^#]*))?/i.exec(text);
  return { scheme: match ? match[1] : '', path: match ? match[2] : text, query: match ? match[3] || '' : '',
    toString: () => text, toJSON: () => text };
}

/** Content providers registered by the extension, by scheme. */
const contentProviders = new Map();

const vscode = {
  Position,
  Range,
  Uri: { parse: parseUri },
  workspace: {
    registerTextDocumentContentProvider(scheme, provider) {
      if (contentProviders.has(scheme)) {
        throw new Error(`a content provider for ${scheme} is already registered`);
      }
      contentProviders.set(scheme, provider);
      log.contentProviders.push(scheme);
      return disposable;
    },
    workspaceFolders: scenario.workspaceFolder ? [{ uri: uriFor(scenario.workspaceFolder) }] : undefined,
    getConfiguration(section) {
      if (section !== 'echolens') {
        throw new Error(`unexpected configuration section ${section}`);
      }
      return {
        // As VS Code does: the user's value, else the default contributed in package.json.
        get(name, fallback) {
          if (name in settings) {
            return settings[name];
          }
          const contributed = packageJSON.contributes.configuration.properties[`echolens.${name}`];
          return contributed !== undefined ? contributed.default : fallback;
        },
        inspect(name) {
          return { key: `echolens.${name}`, globalValue: settings[name] };
        },
      };
    },
    onDidChangeConfiguration(listener) {
      configurationListener = listener;
      return disposable;
    },
  },
  window: {
    activeTextEditor: editor,
    createOutputChannel: () => ({
      appendLine: (line) => log.outputLines.push(line),
      show() {},
      dispose() {},
    }),
    showErrorMessage: (message, ...items) => {
      log.errorMessages.push({ message, items });
      return Promise.resolve(undefined);
    },
    showWarningMessage: (message) => {
      log.warningMessages.push(message);
      return Promise.resolve(undefined);
    },
    showInformationMessage: (message) => {
      log.infoMessages.push(message);
      return Promise.resolve(undefined);
    },
  },
  commands: {
    registry: new Map(),
    registerCommand(id, handler) {
      if (this.registry.has(id)) {
        throw new Error(`command '${id}' already exists`);
      }
      this.registry.set(id, handler);
      log.registeredCommands.push(id);
      return disposable;
    },
    executeCommand(id, ...args) {
      log.executedCommands.push({ id, args: JSON.parse(JSON.stringify(args)) });
      return Promise.resolve(undefined);
    },
  },
  languages: {
    getDiagnostics: () => diagnostics,
  },
};

const State = { Stopped: 1, Running: 2, Starting: 3 };

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    this.state = State.Stopped;
    this.record = {
      id,
      name,
      serverOptions,
      clientOptions: JSON.parse(JSON.stringify(clientOptions, (key, value) => (key === 'outputChannel' ? undefined : value))),
      hasConfigurationMiddleware: typeof ((clientOptions.middleware || {}).workspace || {}).configuration === 'function',
      started: false,
    };
    this.middleware = clientOptions.middleware;
    log.clients.push(this.record);
    lastClient = this;
    this.code2ProtocolConverter = {
      asUri: (uri) => uri.toString(),
      asPosition: (p) => ({ line: p.line, character: p.character }),
    };
  }
  async start() {
    this.state = State.Running;
    this.record.started = true;
  }
  async stop() {
    this.state = State.Stopped;
    this.record.stopped = true;
  }
  async sendRequest(type, params) {
    const method = typeof type === 'string' ? type : type.method;
    log.requests.push({ method, params });
    const replies = scenario.replies || {};
    const key = params.command !== undefined ? params.command : method;
    return replies[key] !== undefined ? replies[key] : null;
  }
  async sendNotification(type, params) {
    log.notifications.push({ method: type.method, params });
  }
}

const languageClient = {
  LanguageClient,
  State,
  ExecuteCommandRequest: { type: { method: 'workspace/executeCommand' } },
  DidChangeConfigurationNotification: { type: { method: 'workspace/didChangeConfiguration' } },
};

const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'vscode') {
    return vscode;
  }
  if (request === 'vscode-languageclient/node') {
    return languageClient;
  }
  return originalLoad.call(this, request, parent, isMain);
};

async function main() {
  const extension = require(path.resolve(extensionPath));
  const context = { subscriptions: [], extension: { packageJSON } };
  await extension.activate(context);
  for (const id of scenario.run || []) {
    const handler = vscode.commands.registry.get(id);
    if (!handler) {
      throw new Error(`command ${id} is not registered`);
    }
    log.results[id] = (await handler()) ?? null;
  }
  for (const uri of scenario.provide || []) {
    const parsed = parseUri(uri);
    const provider = contentProviders.get(parsed.scheme);
    log.provided[uri] = provider ? await provider.provideTextDocumentContent(parsed) : null;
  }
  if (scenario.configurationPull && lastClient) {
    // A workspace/configuration pull for our section and a foreign one, through the extension's middleware.
    const next = async (params) => params.items.map((item) => `fallback:${item.section}`);
    log.results.configurationPull = await lastClient.middleware.workspace.configuration(
      { items: [{ section: 'echolens' }, { section: 'editor' }] },
      undefined,
      next,
    );
  }
  if (scenario.changeConfiguration) {
    settings = { ...scenario.changeConfiguration.settings };
    await configurationListener({
      affectsConfiguration: (section) =>
        scenario.changeConfiguration.affects.some((name) => name === section || name.startsWith(`${section}.`)),
    });
  }
  await extension.deactivate();
}

main().then(
  () => {
    process.stdout.write(JSON.stringify(log));
  },
  (error) => {
    log.fatal = String(error && error.stack ? error.stack : error);
    process.stdout.write(JSON.stringify(log));
    process.exitCode = 1;
  },
);
