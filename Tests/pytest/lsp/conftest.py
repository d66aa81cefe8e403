"""pytest-lsp fixtures: a real third-party LSP client (pygls + lsprotocol) driving the built `echolens serve`.

pytest-lsp checks every message the server sends against the LSP 3.17 types of lsprotocol and warns (turned into
errors by `filterwarnings` below) when a result does not match what the client's capabilities allow.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from echolens_lsp_support import echolens_binary  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("filterwarnings", "error::pytest_lsp.checks.LspSpecificationWarning")


@pytest.fixture(scope="session")
def binary() -> str:
    path = echolens_binary()
    if not Path(path).exists():
        pytest.fail(f"no built echolens binary at {path}; run swift build first")
    return path
