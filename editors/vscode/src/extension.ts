// The SlaKpiDsl extension: starts `sla lsp` (diagnostics, completion, hover, navigation, formatting, quick fixes all
// come from the language server) and adds two commands that run the installed `sla` on a data folder.
import { execFile } from "child_process";
import * as path from "path";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
let serverLog: vscode.LogOutputChannel | undefined;

/** The sla command line: the configured path (an sla.dll is run with dotnet) or `sla` from the PATH (dotnet tool). */
export function slaCommand(configured: string): { command: string; prefix: string[] } {
  const trimmed = configured.trim();
  if (trimmed === "") return { command: "sla", prefix: [] };
  if (trimmed.toLowerCase().endsWith(".dll")) return { command: "dotnet", prefix: [trimmed] };
  return { command: trimmed, prefix: [] };
}

function configuredSla(): { command: string; prefix: string[] } {
  return slaCommand(vscode.workspace.getConfiguration("sla").get<string>("server.path", ""));
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("SLA");
  serverLog = vscode.window.createOutputChannel("SLA language server", { log: true });
  context.subscriptions.push(output, serverLog);
  await startClient(context);
  context.subscriptions.push(
    vscode.commands.registerCommand("sla.evaluateContract", () => runOnData(context, "evaluate")),
    vscode.commands.registerCommand("sla.explainSla", () => runOnData(context, "explain")),
    vscode.commands.registerCommand("sla.restartServer", async () => {
      await client?.stop();
      await startClient(context);
    }),
  );
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const sla = configuredSla();
  const serverOptions: ServerOptions = { command: sla.command, args: [...sla.prefix, "lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "sla" },
      { scheme: "file", language: "sla-test" },
    ],
    outputChannel: serverLog,
  };
  client = new LanguageClient("sla", "SlaKpiDsl language server", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(
      `Could not start '${sla.command} ${[...sla.prefix, "lsp"].join(" ")}': ${String(error)}. ` +
        "Install the tool (dotnet tool install -g SlaKpiDsl.Cli) or set sla.server.path.",
    );
  }
}

/** The data folder: the setting, else the one chosen before in this workspace, else asked. */
async function dataFolder(context: vscode.ExtensionContext): Promise<string | undefined> {
  const setting = vscode.workspace.getConfiguration("sla").get<string>("dataFolder", "");
  if (setting !== "") return setting;
  const remembered = context.workspaceState.get<string>("sla.dataFolder");
  const chosen = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: "Use this data folder",
    defaultUri: remembered ? vscode.Uri.file(remembered) : undefined,
  });
  if (!chosen || chosen.length === 0) return undefined;
  await context.workspaceState.update("sla.dataFolder", chosen[0].fsPath);
  return chosen[0].fsPath;
}

function previousMonth(): string {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${first.getUTCFullYear()}-${String(first.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The SLA or KPI to explain: the name under the cursor when it is one, else picked from the outline. */
async function chooseSla(editor: vscode.TextEditor): Promise<string | undefined> {
  const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
    "vscode.executeDocumentSymbolProvider",
    editor.document.uri,
  )) ?? [];
  const names = symbols
    .flatMap((contract) => contract.children)
    .filter((s) => s.kind === vscode.SymbolKind.Class || s.kind === vscode.SymbolKind.Variable)
    .map((s) => s.name);
  const range = editor.document.getWordRangeAtPosition(editor.selection.active, /[A-Za-z][A-Za-z0-9_-]*/);
  const word = range ? editor.document.getText(range) : undefined;
  if (word && names.includes(word)) return word;
  return vscode.window.showQuickPick(names, { placeHolder: "The SLA or KPI to explain" });
}

async function runOnData(context: vscode.ExtensionContext, verb: "evaluate" | "explain"): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "sla") {
    void vscode.window.showWarningMessage("Open a contract (.sla) first.");
    return;
  }
  await editor.document.save();
  const data = await dataFolder(context);
  if (!data) return;
  const period = await vscode.window.showInputBox({ prompt: "Period (a month 2026-10 or a quarter 2026-Q4)", value: previousMonth() });
  if (!period) return;
  const args = [verb, editor.document.uri.fsPath, "--data", data, "--period", period, "--no-color"];
  if (verb === "explain") {
    const sla = await chooseSla(editor);
    if (!sla) return;
    args.push("--sla", sla);
  }
  const sla = configuredSla();
  const channel = output!;
  channel.show(true);
  channel.appendLine(`$ ${sla.command} ${[...sla.prefix, ...args].join(" ")}`);
  const cwd = vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri.fsPath ?? path.dirname(editor.document.uri.fsPath);
  execFile(sla.command, [...sla.prefix, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
    channel.append(stdout);
    channel.append(stderr);
    const code = error && typeof (error as NodeJS.ErrnoException).code === "number" ? (error as NodeJS.ErrnoException).code : error ? 1 : 0;
    channel.appendLine(`(exit code ${code})`);
    if (error) void vscode.window.showErrorMessage(`sla ${verb} failed (exit code ${code}); see the SLA output.`);
  });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
