--- JSON Lines transcripts: Neovim knows `.jsonl` since 0.10 but not `.ndjson`; both map to the `jsonl` filetype
--- that the echolens client attaches to. Adding `.jsonl` again is harmless on versions that have it.
vim.filetype.add({
  extension = {
    jsonl = 'jsonl',
    ndjson = 'jsonl',
  },
})
