--- echolens for Neovim 0.11+: `vim.lsp.enable('echolens')` is all a user needs.
---
--- Override anything with `vim.lsp.config('echolens', { cmd = {...}, settings = { echolens = {...} } })`.
--- Settings use the names of Protocol/LSP.md; see `:help echolens-settings`.
local config = require('echolens.config')

local base = config.base()

--- The root is the nearest `.echolens/` or `.git` folder, or else the current directory (one server for loose
--- transcripts). A missing binary is reported by `plugin/echolens.lua`: Neovim itself only logs it to lsp.log.
base.root_dir = function(bufnr, on_dir)
  local resolved = vim.lsp.config.echolens or {}
  on_dir(config.root(bufnr, resolved.root_markers))
end

return base
