--- Loaded once at startup by Neovim (or by any plugin manager): user commands and inline highlights.
---
--- Starting the server is left to `vim.lsp.enable('echolens')` (0.11+) or `require('echolens').setup{}`, so merely
--- installing the plugin never spawns a process.
if vim.g.loaded_echolens == 1 then
  return
end
vim.g.loaded_echolens = 1

local highlights = require('echolens.highlights')
highlights.define()

local group = vim.api.nvim_create_augroup('echolens.highlights', { clear = true })
vim.api.nvim_create_autocmd('ColorScheme', {
  group = group,
  desc = 'echolens: restore default highlight links after :colorscheme',
  callback = highlights.define,
})
vim.api.nvim_create_autocmd('DiagnosticChanged', {
  group = group,
  desc = 'echolens: kind-specific highlights on echolens diagnostics',
  callback = function(args)
    highlights.refresh(args.buf)
    require('echolens').refresh_summary(args.buf)
  end,
})

-- Neovim 0.11 refuses a config whose cmd is not executable and only writes that to lsp.log, which is exactly the
-- "missing binary fails silently" trap. When echolens is enabled, say so once, in the documented words.
if vim.lsp.is_enabled ~= nil then
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    desc = 'echolens: warn when the server binary is missing',
    callback = function(args)
      if not vim.lsp.is_enabled('echolens') or vim.bo[args.buf].buftype ~= '' then
        return
      end
      local ok, resolved = pcall(function()
        return vim.lsp.config.echolens
      end)
      if not ok or type(resolved) ~= 'table' then
        return
      end
      if resolved.filetypes and not vim.tbl_contains(resolved.filetypes, vim.bo[args.buf].filetype) then
        return
      end
      require('echolens.config').check_binary(resolved.cmd)
    end,
  })
end

-- Reference answers (definitions, related information, :EchoLensCompare) open as read-only buffers.
vim.api.nvim_create_autocmd('BufReadCmd', {
  group = group,
  pattern = 'echolens-index://*',
  desc = 'echolens: read a reference answer from the server',
  callback = function(args)
    require('echolens.reference').read(args.buf)
  end,
})

-- `gd` on a passage opens its reference, unless the buffer already maps `gd` or `vim.g.echolens_map_gd` is false.
vim.api.nvim_create_autocmd('LspAttach', {
  group = group,
  desc = 'echolens: gd opens the reference of the passage under the cursor',
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if not client or client.name ~= 'echolens' or vim.g.echolens_map_gd == false then
      return
    end
    if vim.fn.maparg('gd', 'n', false, true).buffer == 1 then
      return
    end
    vim.keymap.set('n', 'gd', function()
      require('echolens').goto_reference()
    end, { buffer = args.buf, desc = 'echolens: go to the reference of the passage under the cursor' })
  end,
})

vim.api.nvim_create_user_command('EchoLensReference', function()
  require('echolens').goto_reference()
end, { desc = 'echolens: open the reference of the passage under the cursor, matched region highlighted' })

vim.api.nvim_create_user_command('EchoLensCompare', function()
  require('echolens').compare()
end, { desc = 'echolens: show the passage and its reference side by side, differences highlighted' })

vim.api.nvim_create_user_command('EchoLensExport', function()
  require('echolens').export()
end, { desc = 'echolens: export the evidence for the passage under the cursor' })

vim.api.nvim_create_user_command('EchoLensExportAll', function()
  require('echolens').export_all()
end, { desc = 'echolens: export the evidence for every passage in this buffer' })

vim.api.nvim_create_user_command('EchoLensInfo', function()
  require('echolens').info()
end, { desc = 'echolens: show the open reference index and its statistics' })

vim.api.nvim_create_user_command('EchoLensReport', function(args)
  require('echolens').report({ format = args.args })
end, {
  nargs = '?',
  complete = function()
    return { 'html', 'json', 'text' }
  end,
  desc = 'echolens: write the verdict report for the workspace (.echolens/reports/)',
})
