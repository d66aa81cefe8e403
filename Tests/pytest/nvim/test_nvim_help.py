"""doc/echolens.txt is valid help: `:helptags` indexes it without errors and the documented tags exist."""

from __future__ import annotations

import json
import shutil
import subprocess

from echolens_editor_support import PLUGIN, require_nvim

DOCUMENTED_TAGS = {
    "echolens", "echolens-settings", "echolens-quickstart", ":EchoLensExport", ":EchoLensExportAll",
    ":EchoLensInfo", "echolens-missing-binary", "echolens.setup()", "EchoLensEcho", "EchoLensSelfIdentification",
    "EchoLensCommonText", "echolens-health", "g:echolens_path", ":EchoLensReference", ":EchoLensCompare",
    "echolens-gd", "echolens-references", "EchoLensReferenceMatch", "EchoLensCompareChanged",
}


def test_helptags_index_the_documented_tags(tmp_path):
    plugin = tmp_path / "nvim"
    shutil.copytree(PLUGIN, plugin)  # :helptags writes doc/tags; keep the checkout clean
    out = tmp_path / "helptags.json"
    doc = json.dumps(str(plugin / "doc"))
    script = (
        f"local ok, err = pcall(vim.cmd, 'helptags ' .. vim.fn.fnameescape({doc})) "
        f"vim.fn.writefile({{vim.json.encode({{ ok = ok, err = tostring(err or '') }})}}, {json.dumps(str(out))}) "
        "vim.cmd('qa!')"
    )
    completed = subprocess.run(
        [require_nvim(), "--headless", "-u", "NONE", "-i", "NONE", "-c", f"lua {script}"],
        capture_output=True, text=True, timeout=60,
    )
    result = json.loads(out.read_text())
    assert result["ok"], result["err"] + completed.stderr
    tags = {line.split("\t")[0] for line in (plugin / "doc" / "tags").read_text().splitlines()}
    assert DOCUMENTED_TAGS <= tags, DOCUMENTED_TAGS - tags
