"""A missing server binary gives the documented warning once, never a Lua error trace (no server needed)."""

from __future__ import annotations

import os

import pytest

from echolens_editor_support import FIXTURES, PLUGIN, run_nvim

WARN = 3  # vim.log.levels.WARN
DOCUMENTED = "echolens: server binary '{}' not found; install it (swift build -c release) or set cmd"


@pytest.mark.parametrize(
    "missing_via, binary",
    [
        ("config", "/nonexistent/bin/echolens"),  # vim.lsp.config('echolens', { cmd = ... }) + vim.lsp.enable
        ("setup", None),  # require('echolens').setup{} on 0.11, default 'echolens' not on PATH
        ("setup_legacy", "/nonexistent/bin/echolens"),  # the Neovim 0.10 path (vim.lsp.start)
    ],
)
def test_missing_binary_warns_once_with_the_documented_message(tmp_path, missing_via, binary, monkeypatch):
    (tmp_path / "a.md").write_text("I am ChatGPT, developed by OpenAI.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Another transcript.\n", encoding="utf-8")
    # A PATH with the usual system folders but certainly no echolens.
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    run = run_nvim(
        {
            "mode": "missing",
            "missing_via": missing_via,
            "bin": binary,
            "transcript": str(tmp_path / "a.md"),
            "second_transcript": str(tmp_path / "b.md"),
            "workspace": str(tmp_path),
            "cwd": str(tmp_path),
        },
        tmp_path / "nvim",
    )
    result = run.result
    assert result["errors"] == [], result["errors"]
    assert result["steps"][-1] == "missing-checked", result["steps"]
    assert result["filetype"] == "markdown"
    expected = DOCUMENTED.format(binary or "echolens")
    warnings = [n for n in result["notifications"] if "not found" in n["message"]]
    assert warnings == [{"message": expected, "level": WARN}], result["notifications"]
    # :EchoLensExport without a server says so instead of failing.
    assert any(
        n["message"].startswith("echolens: no echolens server is attached") for n in result["notifications"]
    ), result["notifications"]
    assert result["clients"] == 0
    everything = run.stderr + run.stdout + result["messages"] + result["errmsg"]
    for trace in ("stack traceback", "E5108", "Error executing", "attempt to"):
        assert trace not in everything, everything


def test_ndjson_and_jsonl_files_are_transcripts(tmp_path):
    """ftdetect maps .ndjson (unknown to Neovim) and .jsonl to the `jsonl` filetype the client attaches to."""
    import json
    import subprocess

    from echolens_editor_support import require_nvim

    (tmp_path / "chat.ndjson").write_text('{"output": "hi"}\n', encoding="utf-8")
    (tmp_path / "chat.jsonl").write_text('{"output": "hi"}\n', encoding="utf-8")
    out = tmp_path / "ft.json"
    script = (
        f"vim.opt.runtimepath:prepend({json.dumps(str(PLUGIN))}) vim.cmd('filetype on') "
        "vim.cmd('runtime! ftdetect/echolens.lua') local r = {} "
        f"for _, f in ipairs({{'chat.ndjson', 'chat.jsonl'}}) do vim.cmd('edit ' .. f) r[f] = vim.bo.filetype end "
        f"vim.fn.writefile({{vim.json.encode(r)}}, {json.dumps(str(out))}) vim.cmd('qa!')"
    )
    subprocess.run(
        [require_nvim(), "--headless", "-u", "NONE", "-i", "NONE", "-c", f"lua {script}"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        env=dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state")),
    )
    assert json.loads(out.read_text()) == {"chat.ndjson": "jsonl", "chat.jsonl": "jsonl"}


def test_checkhealth_says_how_to_build_the_binary_and_the_index(tmp_path):
    """`:checkhealth echolens` with neither binary nor index: an error with the documented message, and a warning
    that gives the index build command."""
    import json
    import subprocess

    from echolens_editor_support import require_nvim

    (tmp_path / ".git").mkdir()
    out = tmp_path / "health.json"
    script = (
        f"vim.opt.runtimepath:prepend({json.dumps(str(PLUGIN))}) vim.cmd('runtime! plugin/echolens.lua') "
        "vim.lsp.enable('echolens') vim.cmd('edit chat.md') vim.cmd('checkhealth echolens') "
        f"vim.fn.writefile({{vim.json.encode(vim.api.nvim_buf_get_lines(0, 0, -1, false))}}, {json.dumps(str(out))}) "
        "vim.cmd('qa!')"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("ECHOLENS_INDEX", "ECHOLENS_PATH")}
    completed = subprocess.run(
        [require_nvim(), "--headless", "-u", "NONE", "-i", "NONE", "-c", f"lua {script}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(env, PATH="/usr/bin:/bin", XDG_STATE_HOME=str(tmp_path / "state")),
    )
    health = "\n".join(json.loads(out.read_text()))
    assert f"ERROR {DOCUMENTED.format('echolens')}" in health, health + completed.stderr
    assert "WARNING no reference index found" in health, health
    assert str(tmp_path / ".echolens" / "index") in health, health
    assert "echolens index build corpus.jsonl -o .echolens/index/reference.eli" in health, health
