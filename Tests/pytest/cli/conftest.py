"""Fixtures for the CLI tests: a tiny reference corpus built into an index with the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from echolens_cli_support import run_echolens

ECHOED = (
    "Lighthouses were built along dangerous coasts to warn sailors of hidden rocks and shoals, and their keepers "
    "trimmed the wicks every night through the long winter storms until automation finally arrived."
)

CORPUS = [
    {"id": "ref:1", "model": "gpt-4", "prompt": "Tell me about lighthouses.", "output": ECHOED},
    {
        "id": "ref:2",
        "model": "gpt-4",
        "prompt": "How do bees make honey?",
        "output": "Bees collect nectar from flowers, store it in their honey stomachs, and pass it mouth to mouth "
        "inside the hive, where enzymes and fanning wings slowly turn it into thick honey.",
    },
    {
        "id": "ref:3",
        "model": "gpt-4",
        "prompt": "Describe a desert at night.",
        "output": "At night the desert cools quickly; the sand gives back the heat of the day, foxes and beetles come "
        "out to hunt, and the sky fills with more stars than a city dweller has ever seen.",
    },
]

# Markers are not used here: the expected range is found with str.find on the bytes, and positions are
# computed by echolens_cli_support.position, independently of the Swift code.
TRANSCRIPT = (
    "# Notes\n\nRéponse — voilà: " + ECHOED + "\nAlso, I am ChatGPT, a model made by OpenAI.\n"
)


@pytest.fixture(scope="session")
def workspace(tmp_path_factory) -> Path:
    """A folder with `ref.eli` built from CORPUS, `chat.md` (an echo and a self-identification) and
    `clean.txt` (nothing to find)."""
    root = tmp_path_factory.mktemp("cli")
    (root / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in CORPUS), encoding="utf-8")
    built = run_echolens("index", "build", "corpus.jsonl", "-o", "ref.eli", cwd=root)
    assert built.returncode == 0, built.stderr.decode()
    (root / "chat.md").write_text(TRANSCRIPT, encoding="utf-8")
    (root / "clean.txt").write_text("The weather was mild and we walked to the market for bread.\n", encoding="utf-8")
    return root
