--- echolens for Neovim: setup and the evidence commands.
---
--- Neovim 0.11+ users can skip `setup()` entirely and call `vim.lsp.enable('echolens')`; the commands
--- (`:EchoLensExport`, `:EchoLensExportAll`, `:EchoLensInfo`, `:EchoLensReport`) and highlights come from `plugin/echolens.lua` either
--- way. See `:help echolens`.
local config = require('echolens.config')
local highlights = require('echolens.highlights')

local M = {}

--- Server-side command ids (Protocol/LSP.md, "Commands").
M.commands = {
  export = 'echolens.exportEvidence',
  export_all = 'echolens.exportAllEvidence',
  info = 'echolens.indexInfo',
  compare = 'echolens.compare',
  report = 'echolens.writeReport',
}

--- How long the synchronous helpers wait for a reply, in milliseconds.
M.timeout_ms = 10000

local has_native_config = vim.fn.has('nvim-0.11') == 1 and vim.lsp.config ~= nil and vim.lsp.enable ~= nil

--- Whether `setup()` uses `vim.lsp.config`/`vim.lsp.enable` (0.11+) or a FileType autocmd with `vim.lsp.start`
--- (0.10). Tests flip it to exercise the 0.10 path on a newer Neovim.
M._use_native_enable = has_native_config

--- Calls `client:request` on 0.11 and `client.request` on 0.10, whose clients are plain tables of closures.
local function request(client, method, params, handler, bufnr)
  if has_native_config then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

--- The echolens client attached to `bufnr`, or nil with a warning saying why.
--- @param bufnr integer
--- @return vim.lsp.Client?
function M.client(bufnr)
  local clients = vim.lsp.get_clients({ name = 'echolens', bufnr = bufnr })
  if #clients == 0 then
    vim.notify('echolens: no echolens server is attached to this buffer (see :checkhealth echolens)', vim.log.levels.WARN)
    return nil
  end
  return clients[1]
end

--- The echolens diagnostic under the cursor of window `winid`; the smallest one when passages nest.
--- @param bufnr integer
--- @param winid integer
--- @return vim.Diagnostic?
function M.passage_at_cursor(bufnr, winid)
  local cursor = vim.api.nvim_win_get_cursor(winid)
  local row, col = cursor[1] - 1, cursor[2]
  local best, best_size
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    if highlights.is_echolens(diagnostic) then
      local end_row = diagnostic.end_lnum or diagnostic.lnum
      local end_col = diagnostic.end_col or diagnostic.col
      local after_start = row > diagnostic.lnum or (row == diagnostic.lnum and col >= diagnostic.col)
      local before_end = row < end_row or (row == end_row and col <= end_col)
      if after_start and before_end then
        local size = (end_row - diagnostic.lnum) * 100000 + (end_col - diagnostic.col)
        if best == nil or size < best_size then
          best, best_size = diagnostic, size
        end
      end
    end
  end
  return best
end

--- Asks the echolens server of `bufnr` for the file summary (a code lens on the first line) again.
---
--- Neovim does not announce `workspace/codeLens/refresh`, so the plugin refreshes the lens itself whenever the
--- buffer's echolens diagnostics change: the summary then always describes the findings shown.
--- @param bufnr integer
function M.refresh_summary(bufnr)
  if not vim.api.nvim_buf_is_valid(bufnr) or #vim.lsp.get_clients({ name = 'echolens', bufnr = bufnr }) == 0 then
    return
  end
  pcall(vim.lsp.codelens.refresh, { bufnr = bufnr })
end

--- Reports the reply of an export command.
local function report_export(err, result, on_done)
  if err then
    vim.notify('echolens: export failed: ' .. tostring(err.message or err), vim.log.levels.ERROR)
  elseif type(result) ~= 'table' or result.path == nil then
    vim.notify('echolens: export failed: the server returned no report path', vim.log.levels.ERROR)
  else
    vim.notify(
      ('echolens: exported %d passage(s) to %s'):format(tonumber(result.passages) or 0, result.path),
      vim.log.levels.INFO
    )
  end
  if on_done then
    on_done(err, result)
  end
end

--- The command argument naming the passage under the cursor: `{ uri, passageId }` from the diagnostic's `data`
--- when the cursor is on an echolens diagnostic, else `{ uri, position }`, so the server can still find a passage
--- it has not published yet.
--- @param bufnr integer
--- @param winid integer
--- @param client vim.lsp.Client
--- @return table
function M.passage_argument(bufnr, winid, client)
  local uri = vim.uri_from_bufnr(bufnr)
  local diagnostic = M.passage_at_cursor(bufnr, winid)
  local lsp_diagnostic = diagnostic and diagnostic.user_data and diagnostic.user_data.lsp
  local data = lsp_diagnostic and lsp_diagnostic.data
  if type(data) == 'table' and data.passageId ~= nil then
    return { uri = data.uri or uri, passageId = data.passageId }
  end
  local params = vim.lsp.util.make_position_params(winid, client.offset_encoding)
  return { uri = uri, position = params.position }
end

--- Opens the reference of the passage under the cursor (`gd`, `:EchoLensReference`); see `echolens.reference`.
function M.goto_reference(opts)
  require('echolens.reference').goto_reference(opts)
end

--- Shows passage and reference side by side (`:EchoLensCompare`); see `echolens.reference`.
function M.compare(opts)
  require('echolens.reference').compare(opts)
end

--- Exports the evidence for the passage under the cursor (`:EchoLensExport`).
---
--- Sends `{ uri, passageId }` from the diagnostic's `data` when the cursor is on an echolens diagnostic, and
--- `{ uri, position }` otherwise, so the server can still find a passage it has not published yet.
--- @param opts { bufnr?: integer, winid?: integer, on_done?: fun(err: table?, result: table?) }?
function M.export(opts)
  opts = opts or {}
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local winid = opts.winid or vim.api.nvim_get_current_win()
  local client = M.client(bufnr)
  if not client then
    return
  end
  local argument = M.passage_argument(bufnr, winid, client)
  request(client, 'workspace/executeCommand', { command = M.commands.export, arguments = { argument } }, function(err, result)
    report_export(err, result, opts.on_done)
  end, bufnr)
end

--- Exports the evidence for every passage of the buffer (`:EchoLensExportAll`).
--- @param opts { bufnr?: integer, on_done?: fun(err: table?, result: table?) }?
function M.export_all(opts)
  opts = opts or {}
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    return
  end
  local params = { command = M.commands.export_all, arguments = { { uri = vim.uri_from_bufnr(bufnr) } } }
  request(client, 'workspace/executeCommand', params, function(err, result)
    report_export(err, result, opts.on_done)
  end, bufnr)
end

--- Renders a JSON value as indented `key: value` lines, keys sorted so the view is stable.
--- @param value any
--- @param indent string
--- @param lines string[]
local function render(value, indent, lines)
  local keys = {}
  for key in pairs(value) do
    keys[#keys + 1] = key
  end
  table.sort(keys, function(a, b)
    return tostring(a) < tostring(b)
  end)
  for _, key in ipairs(keys) do
    local item = value[key]
    local label = type(key) == 'number' and (indent .. '-') or (indent .. tostring(key) .. ':')
    if type(key) == 'number' and type(item) == 'table' and not vim.tbl_isempty(item) then
      -- A list of objects, YAML style: the first member on the dash's line.
      local first = #lines + 1
      render(item, indent .. '  ', lines)
      lines[first] = indent .. '- ' .. lines[first]:sub(#indent + 3)
    elseif type(item) == 'table' and not vim.tbl_isempty(item) then
      lines[#lines + 1] = label
      render(item, indent .. '  ', lines)
    elseif type(item) == 'table' then
      lines[#lines + 1] = label .. ' (none)'
    elseif item == vim.NIL then
      lines[#lines + 1] = label .. ' null'
    else
      lines[#lines + 1] = label .. ' ' .. tostring(item)
    end
  end
end

--- The lines `:EchoLensInfo` shows for an `echolens.indexInfo` reply.
--- @param result any
--- @return string[]
function M.info_lines(result)
  local lines = { 'echolens index' }
  if type(result) == 'table' then
    render(result, '  ', lines)
  else
    lines[#lines + 1] = '  ' .. tostring(result)
  end
  return lines
end

--- Shows which index the server has open, with its statistics (`:EchoLensInfo`), in a floating window.
--- @param opts { bufnr?: integer, on_done?: fun(err: table?, result: any, lines: string[]?) }?
function M.info(opts)
  opts = opts or {}
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    return
  end
  request(client, 'workspace/executeCommand', { command = M.commands.info, arguments = {} }, function(err, result)
    if err then
      vim.notify('echolens: index info failed: ' .. tostring(err.message or err), vim.log.levels.ERROR)
      if opts.on_done then
        opts.on_done(err, nil, nil)
      end
      return
    end
    local lines = M.info_lines(result)
    vim.lsp.util.open_floating_preview(lines, '', { border = 'rounded', focus_id = 'echolens-info' })
    if opts.on_done then
      opts.on_done(nil, result, lines)
    end
  end, bufnr)
end

--- Starts the client for `bufnr` on Neovim 0.10 (no `vim.lsp.enable` there).
local function start_legacy(bufnr, client_config)
  if vim.bo[bufnr].buftype ~= '' then
    return
  end
  if not config.check_binary(client_config.cmd) then
    return
  end
  local start_config = vim.deepcopy(client_config)
  start_config.root_dir = config.root(bufnr, client_config.root_markers)
  start_config.root_markers = nil
  vim.lsp.start(start_config, { bufnr = bufnr })
end

--- Configures and enables the echolens client.
---
--- Options (all optional):
--- - `cmd`: the server command line, default `{ 'echolens', 'serve' }` (or `vim.g.echolens_path`, `$ECHOLENS_PATH`).
--- - `settings`: the `echolens` settings section of Protocol/LSP.md, e.g. `{ indexPaths = { 'refs/' } }`.
--- - `filetypes`, `root_markers`, `on_attach`, `capabilities`: as in `vim.lsp.config`.
--- - `highlights`: false turns off the kind-specific inline highlights.
--- @param opts table?
function M.setup(opts)
  opts = opts or {}
  if opts.highlights ~= nil then
    highlights.enabled = opts.highlights and true or false
  end
  local overrides = {}
  for _, key in ipairs({ 'cmd', 'filetypes', 'root_markers', 'on_attach', 'capabilities', 'init_options' }) do
    if opts[key] ~= nil then
      overrides[key] = opts[key]
    end
  end
  if opts.settings ~= nil then
    overrides.settings = config.wrap_settings(opts.settings)
  end

  if M._use_native_enable then
    vim.lsp.config('echolens', overrides)
    vim.lsp.enable('echolens')
    return
  end

  local client_config = vim.tbl_deep_extend('force', config.base(), overrides)
  M._legacy_config = client_config
  local group = vim.api.nvim_create_augroup('echolens.start', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = client_config.filetypes,
    callback = function(args)
      start_legacy(args.buf, client_config)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(client_config.filetypes, vim.bo[bufnr].filetype) then
      start_legacy(bufnr, client_config)
    end
  end
end

--- Writes the corpus-level report for the workspace's transcripts (`:EchoLensReport [html|json|text]`).
---
--- The server scans the workspace and the panel (`.echolens/panel` unless `opts.panel` says otherwise), writes
--- `.echolens/reports/report.<format>` and answers with its path and the verdict, which is shown here.
--- @param opts { bufnr?: integer, format?: string, panel?: string[], on_done?: fun(err: table?, result: table?) }?
function M.report(opts)
  opts = opts or {}
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    return
  end
  local argument = { format = opts.format ~= '' and opts.format or nil, panel = opts.panel }
  request(client, 'workspace/executeCommand', { command = M.commands.report, arguments = { argument } }, function(err, result)
    if err then
      vim.notify('echolens: report failed: ' .. tostring(err.message or err), vim.log.levels.ERROR)
    elseif type(result) ~= 'table' or result.path == nil then
      vim.notify('echolens: report failed: the server returned no report path', vim.log.levels.ERROR)
    else
      vim.notify(('echolens: %s\nreport: %s'):format(tostring(result.verdict), result.path), vim.log.levels.INFO)
    end
    if opts.on_done then
      opts.on_done(err, result)
    end
  end, bufnr)
end

return M
