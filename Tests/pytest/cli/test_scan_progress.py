"""`echolens scan` progress: redrawn on a terminal (a real pseudo-terminal here), silent in a pipe."""

from __future__ import annotations

import os
import pty
import select
import subprocess

from conftest import ECHOED
from echolens_cli_support import echolens_binary, run_echolens


def read_all(fd: int) -> bytes:
    """Everything written to the terminal whose controlling side is `fd`, once the writer has exited."""
    out = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            return out
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other side is closed and drained
            return out
        if not chunk:
            return out
        out += chunk


def test_progress_is_redrawn_on_a_terminal_and_absent_from_a_pipe(workspace):
    folder = workspace / "progress"
    folder.mkdir(exist_ok=True)
    for i in range(12):
        (folder / f"t{i:02}.md").write_text(f"Note {i}.\n\n{ECHOED}\n", encoding="utf-8")

    controller, terminal = pty.openpty()
    try:
        shown = subprocess.run(
            [str(echolens_binary()), "scan", "--index", "ref.eli", "--jobs", "2", "progress"],
            cwd=workspace, stdout=subprocess.PIPE, stderr=terminal, timeout=120, check=False,
        )
        os.close(terminal)
        terminal = -1
        progress = read_all(controller).decode()
    finally:
        if terminal >= 0:
            os.close(terminal)
        os.close(controller)
    assert shown.returncode == 1
    # Each redraw starts with a carriage return; the last one reaches every file, and the line is ended.
    assert "\rscanning: 12/12 files (100%)" in progress
    assert progress.rstrip(" ").endswith(("\n", "\r\n"))
    # The report on standard output is untouched by it.
    report = shown.stdout.decode()
    assert "scanning:" not in report
    assert report.strip().splitlines()[-1] == "echolens: 12 files, 12 passages in 12 files, 0 errors"

    piped = run_echolens("scan", "--index", "ref.eli", "progress", cwd=workspace)
    assert piped.returncode == 1
    assert piped.stderr == b""
    assert piped.stdout == shown.stdout
