-- Drives a headless Neovim through the echolens plugin the way a user would, and writes what it saw as JSON.
--
-- Run as: ECHOLENS_NVIM_PARAMS=params.json nvim --headless -u NONE -c 'luafile drive_session.lua'
-- params: { plugin, mode ("enable" | "setup_legacy" | "missing"), bin?, transcript, output, settings?,
--           timeout_ms }
-- Python (test_nvim_plugin.py) makes every assertion; this script only records. Every wait is bounded, and the
-- script always writes its output and quits, even after an error.

local params = vim.json.decode(
  table.concat(vim.fn.readfile(vim.env.ECHOLENS_NVIM_PARAMS), '\n'),
  { luanil = { object = true, array = true } }
)
local timeout_ms = params.timeout_ms or 30000
local out = { steps = {}, notifications = {}, errors = {} }

local function step(name)
  out.steps[#out.steps + 1] = name
end

-- Every notification (ours, and the server's window/showMessage, which Neovim routes through vim.notify).
vim.notify = function(message, level)
  out.notifications[#out.notifications + 1] = { message = tostring(message), level = level }
end

local function load_plugin()
  -- What a plugin manager does: put the folder on the runtimepath and source plugin/ and ftdetect/.
  vim.opt.runtimepath:prepend(params.plugin)
  vim.cmd('filetype on')
  vim.cmd('runtime! ftdetect/echolens.lua')
  vim.cmd('runtime! plugin/echolens.lua')
end

local function echolens_diagnostics(bufnr)
  local result = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'echolens' then
      result[#result + 1] = d
    end
  end
  table.sort(result, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return result
end

local function notifications_matching(pattern, from)
  local found = {}
  for index = from or 1, #out.notifications do
    if out.notifications[index].message:find(pattern) then
      found[#found + 1] = out.notifications[index]
    end
  end
  return found
end

local function start_client(bufnr_hint)
  if params.mode == 'enable' then
    -- The documented 0.11 way: the binary from vim.g.echolens_path, settings through vim.lsp.config.
    vim.g.echolens_path = params.bin
    if params.settings then
      vim.lsp.config('echolens', { settings = { echolens = params.settings } })
    end
    vim.lsp.enable('echolens')
  elseif params.mode == 'setup_legacy' then
    -- The Neovim 0.10 path (FileType autocmd + vim.lsp.start), forced on this newer Neovim.
    local echolens = require('echolens')
    echolens._use_native_enable = false
    echolens.setup({ cmd = { params.bin, 'serve' }, settings = params.settings })
  elseif params.mode == 'missing' then
    -- missing_via: 'config' (vim.lsp.config cmd), 'setup' (setup{} on 0.11), 'setup_legacy' (the 0.10 path).
    if params.missing_via == 'config' then
      vim.lsp.config('echolens', { cmd = { params.bin, 'serve' } })
      vim.lsp.enable('echolens')
    else
      local echolens = require('echolens')
      echolens._use_native_enable = params.missing_via ~= 'setup_legacy'
      echolens.setup(params.bin and { cmd = { params.bin, 'serve' } } or {})
    end
  end
  return bufnr_hint
end

local function record_client(bufnr)
  local ok = vim.wait(timeout_ms, function()
    local clients = vim.lsp.get_clients({ name = 'echolens', bufnr = bufnr })
    return #clients > 0 and clients[1].initialized
  end, 50)
  local client = vim.lsp.get_clients({ name = 'echolens', bufnr = bufnr })[1]
  out.attached = ok and client ~= nil
  if client then
    out.client = {
      root_dir = client.config.root_dir,
      offset_encoding = client.offset_encoding,
      filetypes = client.config.filetypes,
      settings = client.config.settings,
      execute_commands = client.server_capabilities.executeCommandProvider
        and client.server_capabilities.executeCommandProvider.commands,
    }
  end
  return client
end

local function lsp_range(d)
  return d.user_data and d.user_data.lsp and d.user_data.lsp.range
end

local function record_diagnostics(bufnr)
  -- Wait until both kinds the fixture holds are published (or the bound runs out; Python then says what is missing).
  vim.wait(timeout_ms, function()
    local kinds = {}
    for _, d in ipairs(echolens_diagnostics(bufnr)) do
      kinds[d.code] = true
    end
    return kinds['echo'] and kinds['self-identification']
  end, 50)
  out.diagnostics = {}
  for _, d in ipairs(echolens_diagnostics(bufnr)) do
    out.diagnostics[#out.diagnostics + 1] = {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      code = d.code,
      message = d.message,
      source = d.source,
      range = lsp_range(d),
      data = d.user_data and d.user_data.lsp and d.user_data.lsp.data,
    }
  end
  out.extmarks = {}
  local ns = require('echolens.highlights').namespace
  for _, mark in ipairs(vim.api.nvim_buf_get_extmarks(bufnr, ns, 0, -1, { details = true })) do
    out.extmarks[#out.extmarks + 1] = {
      row = mark[2],
      col = mark[3],
      end_row = mark[4].end_row,
      end_col = mark[4].end_col,
      hl_group = mark[4].hl_group,
    }
  end
end

local function record_hover_and_actions(client, bufnr)
  local uri = vim.uri_from_bufnr(bufnr)
  out.hovers, out.code_actions = {}, {}
  for _, d in ipairs(echolens_diagnostics(bufnr)) do
    if out.hovers[d.code] ~= nil then
      goto continue
    end
    local range = lsp_range(d)
    local hover = client:request_sync('textDocument/hover', {
      textDocument = { uri = uri },
      position = { line = range.start.line, character = range.start.character + 1 },
    }, 10000, bufnr)
    out.hovers[d.code] = hover and { err = hover.err, result = hover.result } or { timeout = true }

    local actions = client:request_sync('textDocument/codeAction', {
      textDocument = { uri = uri },
      range = range,
      context = { diagnostics = { d.user_data.lsp }, triggerKind = 1 },
    }, 10000, bufnr)
    out.code_actions[d.code] = actions and { err = actions.err, result = actions.result } or { timeout = true }
    ::continue::
  end
end

--- The file summary as Neovim shows it: the code lenses it holds and the virtual text on the first line.
local function record_summary(bufnr)
  vim.wait(timeout_ms, function()
    return #vim.lsp.codelens.get(bufnr) > 0
  end, 50)
  out.code_lenses = {}
  for _, lens in ipairs(vim.lsp.codelens.get(bufnr)) do
    out.code_lenses[#out.code_lenses + 1] = { line = lens.range.start.line, title = lens.command and lens.command.title }
  end
  out.first_line_virtual_text = {}
  for _, mark in ipairs(vim.api.nvim_buf_get_extmarks(bufnr, -1, { 0, 0 }, { 0, -1 }, { details = true })) do
    for _, chunk in ipairs(mark[4].virt_text or {}) do
      out.first_line_virtual_text[#out.first_line_virtual_text + 1] = chunk[1]
    end
  end
end

--- The hover as the user sees it: `K` (vim.lsp.buf.hover) on the echo, then the lines of the floating window.
local function record_rendered_hover(bufnr, winid)
  local echo
  for _, d in ipairs(echolens_diagnostics(bufnr)) do
    if d.code == 'echo' and echo == nil then
      echo = d
    end
  end
  if not echo then
    return
  end
  vim.api.nvim_set_current_win(winid)
  vim.api.nvim_win_set_cursor(winid, { echo.lnum + 1, echo.col + 2 })
  vim.lsp.buf.hover()
  local float
  vim.wait(timeout_ms, function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        float = win
        return true
      end
    end
    return false
  end, 50)
  if float then
    out.rendered_hover = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false)
    vim.api.nvim_win_close(float, true)
  end
end

--- Highlights of the echolens.compare namespace in `bufnr`, with the text each covers.
local function compare_marks(bufnr)
  local ns = require('echolens.reference').namespace
  local marks = {}
  for _, mark in ipairs(vim.api.nvim_buf_get_extmarks(bufnr, ns, 0, -1, { details = true })) do
    local text = vim.api.nvim_buf_get_text(bufnr, mark[2], mark[3], mark[4].end_row, mark[4].end_col, {})
    marks[#marks + 1] = { hl_group = mark[4].hl_group, text = table.concat(text, '\n'), row = mark[2], col = mark[3] }
  end
  return marks
end

--- `gd` on the echo, as a user types it: the reference opens read-only with the matched region highlighted.
local function record_goto_reference(bufnr, winid, cursor)
  vim.api.nvim_set_current_win(winid)
  vim.api.nvim_set_current_buf(bufnr)
  vim.api.nvim_win_set_cursor(winid, cursor)
  out.gd_mapping = vim.fn.maparg('gd', 'n', false, true).desc
  vim.api.nvim_feedkeys('gd', 'mx', false)
  vim.wait(timeout_ms, function()
    return vim.api.nvim_buf_get_name(0):find('^echolens%-index://') ~= nil
  end, 50)
  local ref = vim.api.nvim_get_current_buf()
  out.reference = {
    name = vim.api.nvim_buf_get_name(ref),
    lines = vim.api.nvim_buf_get_lines(ref, 0, -1, false),
    readonly = vim.bo[ref].readonly,
    modifiable = vim.bo[ref].modifiable,
    buftype = vim.bo[ref].buftype,
    filetype = vim.bo[ref].filetype,
    cursor = vim.api.nvim_win_get_cursor(0),
    marks = compare_marks(ref),
    visual_start = vim.api.nvim_buf_get_mark(ref, '<'),
    visual_end = vim.api.nvim_buf_get_mark(ref, '>'),
    meta = vim.b[ref].echolens_reference,
    clients = #vim.lsp.get_clients({ bufnr = ref }),
  }
  vim.api.nvim_set_current_buf(bufnr)
end

--- `:EchoLensCompare` on the echo: the reference in a split on the right, differences highlighted on both sides.
local function record_compare(bufnr, winid, cursor)
  vim.api.nvim_set_current_win(winid)
  vim.api.nvim_set_current_buf(bufnr)
  vim.api.nvim_win_set_cursor(winid, cursor)
  local done, buffers
  require('echolens').compare({
    on_done = function(err, result, bufs)
      done, buffers = true, bufs
      out.compare = { err = err, differences = result and #result.differences }
    end,
  })
  vim.wait(timeout_ms, function()
    return done
  end, 50)
  out.compare = out.compare or { timeout = true }
  out.compare.windows = #vim.api.nvim_tabpage_list_wins(0)
  if buffers and buffers.reference then
    out.compare.reference_name = vim.api.nvim_buf_get_name(buffers.reference)
    out.compare.reference_marks = compare_marks(buffers.reference)
    out.compare.transcript_marks = compare_marks(bufnr)
    local layout = vim.fn.winlayout()
    out.compare.layout = layout[1]
  end
  vim.cmd('only')
  vim.api.nvim_set_current_buf(bufnr)
end

--- Runs one export the user's way, waits for its notification, and returns to the transcript buffer (the server's
--- window/showDocument opens the report).
local function run_export(command, bufnr, winid, cursor)
  vim.api.nvim_set_current_buf(bufnr)
  if cursor then
    vim.api.nvim_win_set_cursor(winid, cursor)
  end
  local from = #out.notifications + 1
  vim.cmd(command)
  vim.wait(timeout_ms, function()
    return #notifications_matching('^echolens: export', from) > 0
  end, 50)
  local notes = notifications_matching('^echolens: export', from)
  vim.wait(500, function()
    return false
  end, 50)
  vim.api.nvim_set_current_buf(bufnr)
  return { notifications = notes }
end

local function list_files(folder)
  local files = vim.fn.glob(vim.fs.joinpath(folder, '**', '*'), true, true)
  table.sort(files)
  return files
end

local function main()
  load_plugin()
  step('loaded')
  out.commands = {}
  for _, name in ipairs({ 'EchoLensExport', 'EchoLensExportAll', 'EchoLensInfo', 'EchoLensReference', 'EchoLensCompare' }) do
    out.commands[name] = vim.fn.exists(':' .. name) == 2
  end
  out.highlight_links = {}
  for _, group in ipairs({
    'EchoLensEcho',
    'EchoLensSelfIdentification',
    'EchoLensCommonText',
    'EchoLensReferenceMatch',
    'EchoLensCompareChanged',
    'EchoLensCompareAdded',
    'EchoLensCompareDeleted',
  }) do
    out.highlight_links[group] = vim.api.nvim_get_hl(0, { name = group }).link
  end

  start_client()
  vim.cmd('edit ' .. vim.fn.fnameescape(params.transcript))
  local bufnr = vim.api.nvim_get_current_buf()
  local winid = vim.api.nvim_get_current_win()
  out.filetype = vim.bo[bufnr].filetype
  step('opened')

  if params.mode == 'missing' then
    vim.wait(1000, function()
      return #out.notifications > 0
    end, 50)
    -- A second transcript must not repeat the warning.
    vim.cmd('edit ' .. vim.fn.fnameescape(params.second_transcript))
    vim.wait(300, function()
      return false
    end, 50)
    vim.cmd('EchoLensExport')
    out.clients = #vim.lsp.get_clients({ name = 'echolens' })
    step('missing-checked')
    return
  end

  local client = record_client(bufnr)
  if not client then
    table.insert(out.errors, 'no echolens client attached')
    return
  end
  step('attached')
  record_diagnostics(bufnr)
  step('diagnostics')
  if params.mode ~= 'enable' then
    return
  end

  record_hover_and_actions(client, bufnr)
  step('hover-actions')
  record_summary(bufnr)
  record_rendered_hover(bufnr, winid)
  step('summary-hover')
  do
    local echo
    for _, d in ipairs(echolens_diagnostics(bufnr)) do
      if d.code == 'echo' and echo == nil then
        echo = d
      end
    end
    if echo then
      record_goto_reference(bufnr, winid, { echo.lnum + 1, echo.col + 2 })
      step('goto-reference')
      record_compare(bufnr, winid, { echo.lnum + 1, echo.col + 2 })
      step('compare')
    end
  end

  -- :EchoLensInfo opens a floating window with the index description.
  local info_done = false
  require('echolens').info({
    on_done = function(err, result, lines)
      out.info = { err = err, result = result, lines = lines }
      info_done = true
    end,
  })
  vim.wait(timeout_ms, function()
    return info_done
  end, 50)
  out.info_float = nil
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      out.info_float = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
      vim.api.nvim_win_close(win, true)
    end
  end
  step('info')

  -- Exports, on the echo passage: by :EchoLensExport, then by applying the quickfix code action, then all.
  local echo
  for _, d in ipairs(echolens_diagnostics(bufnr)) do
    if d.code == 'echo' and echo == nil then
      echo = d
    end
  end
  local evidence = vim.fs.joinpath(params.workspace, params.evidence_folder or '.echolens/evidence')
  if echo then
    local cursor = { echo.lnum + 1, echo.col + 2 }
    out.export = run_export('EchoLensExport', bufnr, winid, cursor)
    out.files_after_export = list_files(evidence)

    vim.api.nvim_win_set_cursor(winid, cursor)
    vim.lsp.buf.code_action({
      apply = true,
      filter = function(action)
        return action.kind == 'quickfix'
      end,
    })
    vim.wait(timeout_ms, function()
      return #list_files(evidence) > #out.files_after_export
    end, 50)
    vim.api.nvim_set_current_buf(bufnr)
    out.files_after_code_action = list_files(evidence)
  end
  step('export')
  out.export_all = run_export('EchoLensExportAll', bufnr, winid, nil)
  step('export-all')

  vim.cmd('checkhealth echolens')
  out.health = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  step('health')
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  table.insert(out.errors, tostring(err))
end
out.errmsg = vim.v.errmsg
out.messages = vim.api.nvim_exec2('messages', { output = true }).output
vim.fn.writefile({ vim.json.encode(out) }, params.output)
for _, client in ipairs(vim.lsp.get_clients()) do
  client:stop(true)
end
vim.cmd('qa!')
