"""Shared helpers for the language-server tests: the built binary, a fixture workspace with a real index."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def echolens_binary() -> str:
    """The built binary: $ECHOLENS_BIN, else .build/debug/echolens, else .build-server/debug/echolens."""
    env = os.environ.get("ECHOLENS_BIN")
    if env:
        return env
    for scratch in (".build", ".build-server"):
        candidate = ROOT / scratch / "debug" / "echolens"
        if candidate.exists():
            return str(candidate)
    return str(ROOT / ".build" / "debug" / "echolens")


PHOTOSYNTHESIS = (
    "Photosynthesis is the process by which green plants and some other organisms use sunlight to synthesize foods "
    "from carbon dioxide and water. Photosynthesis in plants generally involves the green pigment chlorophyll and "
    "generates oxygen as a byproduct of the reaction that converts light energy into chemical energy."
)
WATER = (
    "The water cycle describes how water evaporates from the surface of the earth, rises into the atmosphere, cools "
    "and condenses into clouds, and falls again to the surface as precipitation that collects in rivers and oceans."
)

# The transcript echoes the reference with one word changed; accents, an emoji (a UTF-16 surrogate pair) and CJK
# come before it on the same line so that the columns differ between encodings.
ECHOED = (
    "Photosynthesis is the process by which green plants and some other organisms use sunlight to make foods "
    "from carbon dioxide and water. Photosynthesis in plants generally involves the green pigment chlorophyll"
)
TRANSCRIPT = "# Notes\n\nRéponse 😀 漢字: " + ECHOED + ".\n"


def make_workspace() -> Path:
    """A fresh workspace whose .echolens/index holds an index built by the real CLI."""
    workspace = Path(tempfile.mkdtemp(prefix="echolens-pytest-lsp-"))
    corpus = [
        {"id": "alpaca:1", "model": "gpt-4", "prompt": "Explain photosynthesis", "output": PHOTOSYNTHESIS},
        {"id": "alpaca:2", "model": "gpt-4", "prompt": "Describe the water cycle", "output": WATER},
    ]
    (workspace / "fixture.jsonl").write_text("\n".join(json.dumps(r) for r in corpus) + "\n", encoding="utf-8")
    subprocess.run(
        [echolens_binary(), "index", "build", "fixture.jsonl", "-o", ".echolens/index/reference.eli"],
        cwd=workspace,
        check=True,
        capture_output=True,
    )
    (workspace / "notes.md").write_text(TRANSCRIPT, encoding="utf-8")
    return workspace


def utf16_column(line: str, utf8_prefix: str) -> int:
    """The UTF-16 column of the end of `utf8_prefix` on `line`, computed independently of the server."""
    assert line.startswith(utf8_prefix)
    return len(utf8_prefix.encode("utf-16-le")) // 2


def expected_range(encoding: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """(line, column) of the echoed passage's start and end in TRANSCRIPT, in `encoding` ('utf-8' or 'utf-16')."""
    lines = TRANSCRIPT.split("\n")
    line_number = 2
    line = lines[line_number]
    start_text = line[: line.index("Photosynthesis")]
    end_text = line[: line.index(ECHOED) + len(ECHOED)]
    if encoding == "utf-8":
        return (line_number, len(start_text.encode())), (line_number, len(end_text.encode()))
    return (line_number, utf16_column(line, start_text)), (line_number, utf16_column(line, end_text))
