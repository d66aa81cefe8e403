"""The VS Code extension, as far as this machine can check it (VS Code cannot run here; npm is unreachable).

- package.json's settings and commands match Protocol/LSP.md one to one;
- `node --check` passes on the extension's JavaScript;
- extension.js, loaded by node with stand-ins for `vscode` and `vscode-languageclient/node` (vscode_harness.js),
  finds the binary, reports a missing one with the documented message, sends only the settings the user set under
  their contract names, and runs the server commands with the contract's arguments.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest

from echolens_editor_support import HERE, PROTOCOL, VSCODE

PACKAGE = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
PROPERTIES = PACKAGE["contributes"]["configuration"]["properties"]
CLIENT_ONLY = {"echolens.path", "echolens.trace.server"}
LANGUAGES = ["markdown", "plaintext", "json", "jsonl"]


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.skip("node is not installed; the VS Code extension checks need it")
    return found


# MARK: Protocol/LSP.md


def markdown_tables(text: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(nearest heading, header cells, body rows) for every pipe table in `text`."""
    tables = []
    heading = ""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if line.startswith("|") and index + 1 < len(lines) and re.match(r"^\|[\s:|-]+\|$", lines[index + 1].strip()):
            header = [c.strip() for c in line.strip("|").split("|")]
            rows = []
            index += 2
            while index < len(lines) and lines[index].strip().startswith("|"):
                rows.append([c.strip() for c in re.split(r"(?<!\\)\|", lines[index].strip().strip("|"))])
                index += 1
            tables.append((heading, header, rows))
            continue
        index += 1
    return tables


def first_code(cell: str) -> str | None:
    match = re.search(r"`([^`]+)`", cell)
    return match.group(1) if match else None


# LSP.md "Type" column -> JSON Schema type of the VS Code setting.
CONTRACT_TYPES = {
    "[string]": "array", "int": "integer", "number": "number", "string": "string", "bool": "boolean",
    # A map from names to lists of names (`modelGroups`): one VS Code setting of type object.
    "{string: [string]}": "object",
}


def parse_default(cell: str, contract_type: str) -> object:
    """A Default cell as a value: JSON in or out of backticks (`[]`, 12, 1e-6), or a bare string for strings."""
    raw = first_code(cell) if first_code(cell) is not None else cell.strip()
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        if contract_type == "string":
            return raw
        return None


def parse_object_members(meaning: str) -> dict[str, str]:
    """An object setting's members and defaults from its Meaning cell, as LSP.md writes `severities`:
    "`strong`, `moderate`, … : `"error"`, … ; defaults warning, warning, …"."""
    keys = re.findall(r"`([A-Za-z]+)`", meaning)
    defaults = re.search(r"defaults? ([a-z]+(?:, [a-z]+)*)", meaning)
    assert defaults and len(defaults.group(1).split(", ")) == len(keys), f"cannot read members from: {meaning}"
    return dict(zip(keys, defaults.group(1).split(", ")))


@dataclass
class ContractSetting:
    type: str
    default: object  # for objects: {member: default}


def lsp_contract() -> tuple[dict[str, ContractSetting], set[str]]:
    """The settings table ("Settings (section `echolens`)") and the command headings (`### `echolens.x``)."""
    path = PROTOCOL / "LSP.md"
    assert path.is_file(), f"{path} is missing; the VS Code settings must be checked against it"
    text = path.read_text(encoding="utf-8")
    settings: dict[str, ContractSetting] = {}
    for heading, header, rows in markdown_tables(text):
        if "settings" not in heading.lower():
            continue
        columns = {name.lower(): index for index, name in enumerate(header)}
        assert {"key", "type", "default", "meaning"} <= set(columns), f"settings table columns: {header}"
        for row in rows:
            name = first_code(row[columns["key"]])
            if not name:
                continue
            contract_type = row[columns["type"]].strip()
            if contract_type == "object":
                default: object = parse_object_members(row[columns["meaning"]])
            else:
                default = parse_default(row[columns["default"]], contract_type)
            settings[name] = ContractSetting(contract_type, default)
    commands = set(re.findall(r"^#+\s+`(echolens\.[A-Za-z]+)`\s*$", text, re.M))
    assert settings, f"no settings table found in {path}"
    assert commands, f"no command headings found in {path}"
    return settings, commands


def package_settings() -> dict[str, object]:
    return {
        key.removeprefix("echolens."): value.get("default")
        for key, value in PROPERTIES.items()
        if key not in CLIENT_ONLY
    }


def contract_leaves(contract: dict[str, ContractSetting]) -> dict[str, tuple[str, object]]:
    """Contract settings as VS Code settings: an object (`severities`) becomes one setting per member
    (`severities.strong`), which VS Code hands back as the same nested object."""
    leaves: dict[str, tuple[str, object]] = {}
    for name, setting in contract.items():
        if setting.type == "object":
            for member, default in setting.default.items():
                leaves[f"{name}.{member}"] = ("string", default)
        else:
            assert setting.type in CONTRACT_TYPES, f"LSP.md type {setting.type!r} of {name} is new to this test"
            leaves[name] = (CONTRACT_TYPES[setting.type], setting.default)
    return leaves


def test_lsp_md_lists_the_team_contract():
    contract, _ = lsp_contract()
    assert set(contract) == {
        "indexPaths", "backgroundIndexPaths", "calibrationPath", "minTokens", "minSimilarity", "maxEValue",
        "maxUncalibratedEValue", "modelGroups", "maxPassagesPerDocument", "kinds", "maxSeedDocuments",
        "ownIdentities", "identityFiles", "severities", "debounceMilliseconds", "evidenceFolder", "maxFileBytes",
    }
    assert contract["severities"].default == {
        "strong": "warning", "moderate": "warning", "weak": "information", "selfIdentification": "warning",
        "commonText": "hint",
    }


def test_every_setting_in_package_json_is_in_lsp_md_and_back():
    contract, _ = lsp_contract()
    assert set(package_settings()) == set(contract_leaves(contract))


def test_package_json_types_and_defaults_match_lsp_md():
    contract, _ = lsp_contract()
    ours = package_settings()
    for name, (json_type, default) in contract_leaves(contract).items():
        prop = PROPERTIES[f"echolens.{name}"]
        assert prop["type"] == json_type, name
        assert default is not None, f"LSP.md default of {name} is not readable"
        assert ours[name] == default, name
        if json_type == "array":
            assert prop["items"]["type"] == "string", name
    severity_values = {"error", "warning", "information", "hint"}
    for name in contract_leaves(contract):
        if name.startswith("severities."):
            assert set(PROPERTIES[f"echolens.{name}"]["enum"]) == severity_values, name


def test_client_commands_do_not_collide_with_server_commands():
    _, server_commands = lsp_contract()
    assert {"echolens.exportEvidence", "echolens.exportAllEvidence", "echolens.indexInfo"} <= server_commands
    ours = {command["command"] for command in PACKAGE["contributes"]["commands"]}
    assert ours == {
        "echolens.client.exportEvidence",
        "echolens.client.exportAllEvidence",
        "echolens.client.showIndexInfo",
        "echolens.client.writeReport",
        "echolens.client.restartServer",
        "echolens.client.showOutput",
        "echolens.client.compareWithReference",
    }
    assert not ours & server_commands
    # Every server command the extension sends is one LSP.md documents.
    source = (VSCODE / "extension.js").read_text(encoding="utf-8")
    block = re.search(r"const SERVER_COMMANDS = \{(.*?)\};", source, re.S)
    assert block, "extension.js has no SERVER_COMMANDS table"
    sent = set(re.findall(r"'(echolens\.[A-Za-z]+)'", block.group(1)))
    assert sent == {"echolens.exportEvidence", "echolens.exportAllEvidence", "echolens.indexInfo", "echolens.compare", "echolens.writeReport"}
    assert sent <= server_commands, sent - server_commands


def test_activation_and_languages():
    assert PACKAGE["activationEvents"] == [f"onLanguage:{language}" for language in LANGUAGES]
    jsonl = [lang for lang in PACKAGE["contributes"]["languages"] if lang["id"] == "jsonl"]
    assert jsonl and set(jsonl[0]["extensions"]) == {".jsonl", ".ndjson"}
    assert PACKAGE["main"] == "./extension.js"
    assert PACKAGE["dependencies"]["vscode-languageclient"].startswith("^9")


# MARK: node


def test_node_check_passes_on_the_extension():
    completed = subprocess.run([node(), "--check", str(VSCODE / "extension.js")], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr


def run_extension(tmp_path: Path, scenario: dict, path_env: str) -> dict:
    scenario_file = tmp_path / "scenario.json"
    scenario_file.write_text(json.dumps(scenario))
    completed = subprocess.run(
        [node(), str(HERE / "vscode_harness.js"), str(VSCODE / "extension.js"), str(VSCODE / "package.json"),
         str(scenario_file)],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, PATH=path_env),
    )
    log = json.loads(completed.stdout)
    assert completed.returncode == 0 and "fatal" not in log, log.get("fatal", completed.stderr)
    return log


def server_settings_with(**overrides: object) -> dict:
    """The complete settings object the extension sends: package.json defaults, `overrides` on top (dotted names
    nest: `severities.strong`)."""
    settings: dict = {}
    for name, value in {**package_settings(), **overrides}.items():
        target = settings
        *parents, leaf = name.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return settings


def fake_binary(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    binary = folder / "echolens"
    binary.write_text("#!/bin/sh\nexit 0\n")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return binary


def test_missing_binary_shows_the_documented_message_and_activation_still_completes(tmp_path):
    log = run_extension(tmp_path, {"settings": {}}, str(tmp_path / "empty-bin"))
    assert log["clients"] == []
    assert [m["message"] for m in log["errorMessages"]] == [
        "echolens: server binary 'echolens' not found on PATH; install it (swift build -c release, then put "
        ".build/release/echolens on PATH) or set echolens.path."
    ]
    assert log["errorMessages"][0]["items"] == ["Open Settings", "Show Output"]
    # The palette commands exist even without a server, and say why they cannot run.
    assert sorted(log["registeredCommands"]) == sorted(c["command"] for c in PACKAGE["contributes"]["commands"])


def test_misconfigured_path_names_the_setting(tmp_path):
    log = run_extension(tmp_path, {"settings": {"path": "/nonexistent/echolens"}}, "/usr/bin:/bin")
    assert log["clients"] == []
    assert [m["message"] for m in log["errorMessages"]] == [
        "echolens: server binary '/nonexistent/echolens' (from echolens.path) not found or not executable; fix the "
        "path or clear the setting to search PATH."
    ]


def test_server_from_path_gets_serve_and_the_complete_settings_section(tmp_path):
    binary = fake_binary(tmp_path / "bin")
    settings = {
        "indexPaths": ["refs/"],
        "minTokens": 30,
        "severities.strong": "error",
        "severities.selfIdentification": "hint",
        "trace.server": "verbose",
    }
    log = run_extension(
        tmp_path,
        {"settings": settings, "workspaceFolder": str(tmp_path), "configurationPull": True},
        f"{tmp_path / 'nothing'}:{binary.parent}",
    )
    assert log["errorMessages"] == []
    (client,) = log["clients"]
    assert client["id"] == "echolens"
    assert client["started"]
    assert client["serverOptions"] == {"command": str(binary), "args": ["serve"], "options": {"cwd": str(tmp_path)}}
    options = client["clientOptions"]
    assert options["documentSelector"] == [{"scheme": "file", "language": language} for language in LANGUAGES]
    expected = server_settings_with(
        indexPaths=["refs/"], minTokens=30, **{"severities.strong": "error", "severities.selfIdentification": "hint"}
    )
    assert expected["severities"] == {
        "strong": "error", "moderate": "warning", "weak": "information", "selfIdentification": "hint",
        "commonText": "hint",
    }
    assert "path" not in expected and "trace" not in expected
    assert options["initializationOptions"] == expected
    assert log["results"]["configurationPull"] == [expected, "fallback:editor"]


def test_configured_path_and_settings_changes_are_pushed(tmp_path):
    binary = fake_binary(tmp_path / "tools")
    log = run_extension(
        tmp_path,
        {
            "settings": {"path": str(binary), "minTokens": 30},
            "changeConfiguration": {
                "settings": {"path": str(binary), "evidenceFolder": "out/evidence"},
                "affects": ["echolens.evidenceFolder", "echolens.minTokens"],
            },
        },
        "/usr/bin:/bin",
    )
    assert log["clients"][0]["serverOptions"]["command"] == str(binary)
    assert log["clients"][0]["clientOptions"]["initializationOptions"] == server_settings_with(minTokens=30)
    # The whole section goes out again, so minTokens, which the user removed, returns to its default on the server.
    assert log["notifications"] == [
        {
            "method": "workspace/didChangeConfiguration",
            "params": {"settings": {"echolens": server_settings_with(evidenceFolder="out/evidence")}},
        }
    ]


def test_export_sends_the_passage_id_of_the_diagnostic_under_the_cursor(tmp_path):
    binary = fake_binary(tmp_path / "bin")
    transcript = str(tmp_path / "chat.md")
    reply = {"path": str(tmp_path / "report.json"), "markdownPath": str(tmp_path / "report.md"), "passages": 1}
    log = run_extension(
        tmp_path,
        {
            "settings": {"path": str(binary)},
            "editor": {
                "languageId": "markdown",
                "path": transcript,
                "cursor": {"line": 4, "character": 10},
                "diagnostics": [
                    {"source": "other", "data": {"passageId": "x"},
                     "range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 30}}},
                    {"source": "echolens", "data": {"uri": f"file://{transcript}", "passageId": "p-wide"},
                     "range": {"start": {"line": 3, "character": 0}, "end": {"line": 6, "character": 5}}},
                    {"source": "echolens", "data": {"uri": f"file://{transcript}", "passageId": "p-1"},
                     "range": {"start": {"line": 4, "character": 2}, "end": {"line": 5, "character": 8}}},
                ],
            },
            "run": ["echolens.client.exportEvidence", "echolens.client.exportAllEvidence"],
            "replies": {"echolens.exportEvidence": reply, "echolens.exportAllEvidence": reply},
        },
        "/usr/bin:/bin",
    )
    assert log["requests"] == [
        {
            "method": "workspace/executeCommand",
            "params": {"command": "echolens.exportEvidence", "arguments": [{"uri": f"file://{transcript}",
                                                                             "passageId": "p-1"}]},
        },
        {
            "method": "workspace/executeCommand",
            "params": {"command": "echolens.exportAllEvidence", "arguments": [{"uri": f"file://{transcript}"}]},
        },
    ]
    assert log["infoMessages"] == [f"echolens: exported 1 passage(s) to {reply['path']}"] * 2


def test_export_without_a_diagnostic_sends_the_cursor_position(tmp_path):
    binary = fake_binary(tmp_path / "bin")
    transcript = str(tmp_path / "chat.jsonl")
    log = run_extension(
        tmp_path,
        {
            "settings": {"path": str(binary)},
            "editor": {"languageId": "jsonl", "path": transcript, "cursor": {"line": 2, "character": 7}},
            "run": ["echolens.client.exportEvidence"],
        },
        "/usr/bin:/bin",
    )
    assert log["requests"][0]["params"]["arguments"] == [
        {"uri": f"file://{transcript}", "position": {"line": 2, "character": 7}}
    ]
    # The (stand-in) server answered null: the user is told, not left guessing.
    assert log["errorMessages"] == [
        {"message": "echolens: export failed: the server returned no report path.", "items": []}
    ]


REFERENCE_URI = "echolens-index:///81630df49b4894a1/0/alpaca:1"


def test_reference_uris_are_served_read_only_from_the_server(tmp_path):
    """F12 (definition) and related-information links open `echolens-index:` URIs through a content provider."""
    binary = fake_binary(tmp_path / "bin")
    log = run_extension(
        tmp_path,
        {
            "settings": {"path": str(binary)},
            "provide": [REFERENCE_URI],
            "replies": {"echolens/referenceDocument": {"uri": REFERENCE_URI, "text": "Photosynthesis is …"}},
        },
        "/usr/bin:/bin",
    )
    assert "echolens-index" in log["contentProviders"]
    assert {"method": "echolens/referenceDocument", "params": {"uri": REFERENCE_URI}} in log["requests"]
    assert log["provided"][REFERENCE_URI] == "Photosynthesis is …"


def test_compare_opens_the_diff_view_of_reference_and_passage(tmp_path):
    binary = fake_binary(tmp_path / "bin")
    transcript = str(tmp_path / "chat.md")
    passage_range = {"start": {"line": 4, "character": 2}, "end": {"line": 5, "character": 8}}
    reply = {
        "passage": {"uri": f"file://{transcript}", "range": passage_range, "text": "use sunlight to make foods"},
        "reference": {"uri": REFERENCE_URI, "documentID": "alpaca:1", "model": "gpt-4",
                      "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 30}}},
        "differences": [],
    }
    passage_uri = "echolens-passage:/chat.md?" + urllib.parse.quote(json.dumps(passage_range, separators=(",", ":")), safe="")
    log = run_extension(
        tmp_path,
        {
            "settings": {"path": str(binary)},
            "editor": {
                "languageId": "markdown",
                "path": transcript,
                "cursor": {"line": 4, "character": 10},
                "diagnostics": [
                    {"source": "echolens", "data": {"uri": f"file://{transcript}", "passageId": "p-1"},
                     "range": passage_range},
                ],
            },
            "run": ["echolens.client.compareWithReference"],
            "replies": {"echolens.compare": reply},
            "provide": [passage_uri],
        },
        "/usr/bin:/bin",
    )
    assert log["requests"] == [
        {
            "method": "workspace/executeCommand",
            "params": {"command": "echolens.compare", "arguments": [{"uri": f"file://{transcript}", "passageId": "p-1"}]},
        }
    ]
    (diff,) = [c for c in log["executedCommands"] if c["id"] == "vscode.diff"]
    assert diff["args"] == [REFERENCE_URI, passage_uri, "echolens: alpaca:1 by gpt-4 ↔ chat.md"]
    # The right side of the diff is the passage, served by the extension itself.
    assert log["provided"][passage_uri] == "use sunlight to make foods"


def test_readme_settings_tables_match_package_json():
    """Editors/vscode/README.md lists every server setting with package.json's default, and the Neovim help lists
    every contract setting, so the documentation cannot drift from the contract unnoticed."""
    readme = (VSCODE / "README.md").read_text(encoding="utf-8")
    documented = {}
    for _, header, rows in markdown_tables(readme):
        if header and header[0] == "Setting":
            for row in rows:
                documented[first_code(row[0]).removeprefix("echolens.")] = json.loads(first_code(row[1]))
    assert documented == package_settings()

    contract, _ = lsp_contract()
    help_text = (VSCODE.parent / "nvim" / "doc" / "echolens.txt").read_text(encoding="utf-8")
    settings_section = help_text.split("*echolens-settings*", 1)[1].split("=" * 78, 1)[0]
    for name, setting in contract.items():
        line = re.search(rf"^  {name}\s+(\S+)", settings_section, re.M)
        assert line, f"{name} is missing from :help echolens-settings"
        if setting.type in ("int", "number"):
            assert json.loads(line.group(1)) == setting.default, name
