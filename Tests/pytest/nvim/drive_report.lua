-- Drives `:EchoLensReport` in a headless Neovim the way a user would, and writes what it saw as JSON.
--
-- Run as: ECHOLENS_NVIM_PARAMS=params.json nvim --headless -u NONE -c 'luafile drive_report.lua'
-- params: { plugin, bin, transcript, output, format, timeout_ms }. test_nvim_report.py makes every assertion.

local params = vim.json.decode(table.concat(vim.fn.readfile(vim.env.ECHOLENS_NVIM_PARAMS), '\n'))
local timeout_ms = params.timeout_ms or 60000
local out = { notifications = {}, errors = {} }

vim.notify = function(message, level)
  out.notifications[#out.notifications + 1] = { message = tostring(message), level = level }
end

local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(params.plugin)
  vim.cmd('filetype on')
  vim.cmd('runtime! ftdetect/echolens.lua')
  vim.cmd('runtime! plugin/echolens.lua')
  out.command_exists = vim.fn.exists(':EchoLensReport') == 2
  vim.g.echolens_path = params.bin
  vim.lsp.enable('echolens')
  vim.cmd('edit ' .. vim.fn.fnameescape(params.transcript))
  local bufnr = vim.api.nvim_get_current_buf()
  out.attached = vim.wait(timeout_ms, function()
    local clients = vim.lsp.get_clients({ name = 'echolens', bufnr = bufnr })
    return #clients > 0 and clients[1].initialized
  end, 50)
  if not out.attached then
    return
  end
  vim.cmd('EchoLensReport ' .. params.format)
  out.reported = vim.wait(timeout_ms, function()
    for _, n in ipairs(out.notifications) do
      if n.message:find('^echolens: .*report') then
        return true
      end
    end
    return false
  end, 50)
end)
if not ok then
  table.insert(out.errors, tostring(err))
end
vim.fn.writefile({ vim.json.encode(out) }, params.output)
vim.cmd('qall!')
