"""`:EchoLensReport` in a real headless Neovim 0.11 against the built `echolens serve`: the verdict report for the
workspace, on the seeded panel of Tests/pytest/cli/report_fixture.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from echolens_editor_support import HERE, PLUGIN, build_index, require_echolens, require_nvim

sys.path.insert(0, str(HERE.parent / "cli"))
from report_fixture import write_panel  # noqa: E402

INFO = 2  # vim.log.levels.INFO


def test_echolens_report_command_writes_the_workspace_report(tmp_path: Path) -> None:
    binary = require_echolens()
    nvim = require_nvim()
    stage = tmp_path / "stage"
    stage.mkdir()
    files = write_panel(stage)
    root = tmp_path / "ws"
    (root / ".echolens" / "panel").mkdir(parents=True)
    build_index(binary, files["reference"], root / ".echolens" / "index" / "reference.eli")
    for model in ("panel-one", "panel-two", "panel-three"):
        shutil.copy(files[model], root / ".echolens" / "panel" / files[model].name)
    shutil.copy(files["distilled"], root / "answers.jsonl")

    work = tmp_path / "nvim"
    work.mkdir()
    output = work / "result.json"
    params = {"plugin": str(PLUGIN), "bin": str(binary), "transcript": str(root / "answers.jsonl"),
              "output": str(output), "format": "json", "timeout_ms": 60000}
    (work / "params.json").write_text(json.dumps(params))
    env = dict(os.environ, ECHOLENS_NVIM_PARAMS=str(work / "params.json"), XDG_STATE_HOME=str(work / "state"),
               XDG_DATA_HOME=str(work / "data"), XDG_CONFIG_HOME=str(work / "config"), XDG_CACHE_HOME=str(work / "cache"))
    env.pop("ECHOLENS_INDEX", None)
    done = subprocess.run([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-c", f"luafile {HERE / 'drive_report.lua'}"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=150, stdin=subprocess.DEVNULL)
    assert output.is_file(), f"nvim wrote no result\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    result = json.loads(output.read_text())
    assert result["errors"] == [] and result["command_exists"] and result["attached"], result
    assert result["reported"], result["notifications"]
    report_path = root / ".echolens" / "reports" / "report.json"
    ours = [n for n in result["notifications"] if n["message"].startswith("echolens: distilled-suspect")]
    assert ours and ours[0]["level"] == INFO
    assert f"report: {report_path}" in ours[0]["message"]
    assert "teacher-a at 14× the rate of independent models" in ours[0]["message"]
    report = json.loads(report_path.read_text())
    assert report["result"]["verdict"]["teacher"] == "teacher-a"
