--- The reference one keystroke away: read-only buffers for `echolens-index:` URIs, go to the reference of the
--- passage under the cursor (`gd`, `:EchoLensReference`), and the side-by-side comparison (`:EchoLensCompare`).
---
--- The server names a reference answer `echolens-index:///<index identity>/<document number>/<document id>`; its
--- text comes from the `echolens/referenceDocument` request (Protocol/LSP.md), so these buffers open from
--- definitions, related information or `:edit` alike.
local M = {}

--- The URI scheme of reference answers.
M.scheme = 'echolens-index'

--- Highlights of the comparison and of the matched region; tests and users can inspect or clear them.
M.namespace = vim.api.nvim_create_namespace('echolens.compare')

local has_method_calls = vim.fn.has('nvim-0.11') == 1

local function request(client, method, params, handler, bufnr)
  if has_method_calls then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function request_sync(client, method, params, timeout_ms, bufnr)
  if has_method_calls then
    return client:request_sync(method, params, timeout_ms, bufnr)
  end
  return client.request_sync(method, params, timeout_ms, bufnr)
end

--- The byte column of an LSP position in `bufnr`, whatever the negotiated encoding.
local function byte_col(bufnr, position, encoding)
  if encoding == 'utf-8' then
    return position.character
  end
  local line = vim.api.nvim_buf_get_lines(bufnr, position.line, position.line + 1, false)[1] or ''
  local ok, col = pcall(vim.str_byteindex, line, encoding, position.character, false)
  if ok then
    return col
  end
  ok, col = pcall(vim.str_byteindex, line, position.character, encoding == 'utf-16')
  return ok and col or #line
end

--- Highlights an LSP range of `bufnr` with `group` in the comparison namespace.
local function highlight(bufnr, range, group, encoding)
  pcall(vim.api.nvim_buf_set_extmark, bufnr, M.namespace, range.start.line, byte_col(bufnr, range.start, encoding), {
    end_row = range['end'].line,
    end_col = byte_col(bufnr, range['end'], encoding),
    hl_group = group,
    priority = (vim.hl or vim.highlight).priorities.user + 1,
    strict = false,
  })
end

--- Fills buffer `bufnr`, named by an `echolens-index:` URI, with the reference answer, read-only (`BufReadCmd`).
--- @param bufnr integer
function M.read(bufnr)
  local uri = vim.api.nvim_buf_get_name(bufnr)
  local client = vim.lsp.get_clients({ name = 'echolens' })[1]
  local lines
  if not client then
    lines = { 'echolens: no echolens server is running, so ' .. uri .. ' cannot be read' }
  else
    local reply = request_sync(client, 'echolens/referenceDocument', { uri = uri }, require('echolens').timeout_ms, bufnr)
    if not reply or reply.err or type(reply.result) ~= 'table' then
      local why = reply and reply.err and reply.err.message or 'no reply from the server'
      lines = { 'echolens: ' .. tostring(why) }
    else
      lines = vim.split(reply.result.text, '\n', { plain = true })
      vim.b[bufnr].echolens_reference = {
        documentID = reply.result.documentID,
        model = reply.result.model,
        source = reply.result.source,
        prompt = reply.result.prompt ~= vim.NIL and reply.result.prompt or nil,
      }
    end
  end
  -- A scratch buffer: never written, never attached to a server (buftype is set before the filetype).
  vim.bo[bufnr].buftype = 'nofile'
  vim.bo[bufnr].swapfile = false
  vim.bo[bufnr].bufhidden = 'hide'
  vim.bo[bufnr].modifiable = true
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, lines)
  vim.bo[bufnr].modifiable = false
  vim.bo[bufnr].readonly = true
  vim.bo[bufnr].modified = false
  vim.bo[bufnr].filetype = 'markdown'
end

--- Shows `location` (an `echolens-index:` URI and range) in window `winid` and highlights the matched region,
--- leaving the cursor at its start and the marks `'<` `'>` around it, so `gv` selects it.
local function show(location, encoding, winid)
  vim.api.nvim_set_current_win(winid)
  if not vim.lsp.util.show_document(location, encoding, { focus = true }) then
    return nil
  end
  local bufnr = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_clear_namespace(bufnr, M.namespace, 0, -1)
  local range = location.range
  highlight(bufnr, range, 'EchoLensReferenceMatch', encoding)
  local start_col = byte_col(bufnr, range.start, encoding)
  local end_col = math.max(byte_col(bufnr, range['end'], encoding) - 1, 0)
  vim.api.nvim_buf_set_mark(bufnr, '<', range.start.line + 1, start_col, {})
  vim.api.nvim_buf_set_mark(bufnr, '>', range['end'].line + 1, end_col, {})
  vim.api.nvim_win_set_cursor(0, { range.start.line + 1, start_col })
  return bufnr
end

--- Opens the best reference of the passage under the cursor, with the matched region highlighted (`gd`,
--- `:EchoLensReference`).
--- @param opts { bufnr?: integer, winid?: integer, on_done?: fun(err: any, location: table?, bufnr: integer?) }?
function M.goto_reference(opts)
  opts = opts or {}
  local echolens = require('echolens')
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local winid = opts.winid or vim.api.nvim_get_current_win()
  local client = echolens.client(bufnr)
  if not client then
    return
  end
  local params = vim.lsp.util.make_position_params(winid, client.offset_encoding)
  request(client, 'textDocument/definition', params, function(err, result)
    local location = type(result) == 'table' and (result[1] or (result.uri and result)) or nil
    local shown
    if err then
      vim.notify('echolens: ' .. tostring(err.message or err), vim.log.levels.ERROR)
    elseif not location then
      vim.notify('echolens: no echoed passage under the cursor', vim.log.levels.INFO)
    else
      shown = show(location, client.offset_encoding, winid)
    end
    if opts.on_done then
      opts.on_done(err, location, shown)
    end
  end, bufnr)
end

--- Shows the passage under the cursor and its reference side by side, the reference in a split on the right, the
--- aligned differences highlighted on both sides (`:EchoLensCompare`).
---
--- Groups: `EchoLensCompareChanged` (substituted words, both sides), `EchoLensCompareAdded` (only in the
--- transcript), `EchoLensCompareDeleted` (only in the reference), `EchoLensReferenceMatch` (the matched region).
--- @param opts { bufnr?: integer, winid?: integer, on_done?: fun(err: any, result: table?, buffers: table?) }?
function M.compare(opts)
  opts = opts or {}
  local echolens = require('echolens')
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local winid = opts.winid or vim.api.nvim_get_current_win()
  local client = echolens.client(bufnr)
  if not client then
    return
  end
  local encoding = client.offset_encoding
  local argument = echolens.passage_argument(bufnr, winid, client)
  local params = { command = echolens.commands.compare, arguments = { argument } }
  request(client, 'workspace/executeCommand', params, function(err, result)
    if err or type(result) ~= 'table' then
      vim.notify('echolens: compare failed: ' .. tostring(err and err.message or 'no reply'), vim.log.levels.ERROR)
      if opts.on_done then
        opts.on_done(err, nil, nil)
      end
      return
    end
    vim.api.nvim_buf_clear_namespace(bufnr, M.namespace, 0, -1)
    local groups = {
      substitute = { 'EchoLensCompareChanged', 'EchoLensCompareChanged' },
      insert = { 'EchoLensCompareAdded', nil },
      delete = { nil, 'EchoLensCompareDeleted' },
    }
    vim.api.nvim_set_current_win(winid)
    vim.cmd('rightbelow vsplit')
    local reference_win = vim.api.nvim_get_current_win()
    local reference_buf = show(result.reference, encoding, reference_win)
    for _, difference in ipairs(result.differences or {}) do
      local pair = groups[difference.kind] or {}
      if pair[1] then
        highlight(bufnr, difference.transcript, pair[1], encoding)
      end
      if pair[2] and reference_buf then
        highlight(reference_buf, difference.reference, pair[2], encoding)
      end
    end
    vim.api.nvim_set_current_win(winid)
    if opts.on_done then
      opts.on_done(nil, result, { transcript = bufnr, reference = reference_buf, reference_win = reference_win })
    end
  end, bufnr)
end

return M
