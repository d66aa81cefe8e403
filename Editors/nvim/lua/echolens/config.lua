--- The one place that knows how the echolens client is configured.
---
--- Both entry points use it: `lsp/echolens.lua` (Neovim 0.11+, `vim.lsp.enable('echolens')`) and
--- `require('echolens').setup{}` (which calls `vim.lsp.start` on Neovim 0.10). Keeping the defaults here means the
--- two paths cannot drift apart.
local M = {}

--- File types the server reads transcripts from (see Protocol/LSP.md).
M.filetypes = { 'markdown', 'text', 'json', 'jsonl' }

--- A project with a `.echolens/` folder (where the index and evidence live) or a git checkout is a workspace.
M.root_markers = { '.echolens', '.git' }

--- The build command printed whenever no index can be found.
M.index_build_hint = 'echolens index build corpus.jsonl -o .echolens/index/reference.eli'

--- The server binary: `vim.g.echolens_path`, then `$ECHOLENS_PATH`, then `echolens` on PATH.
---
--- Read when the config is built, so a user can set `vim.g.echolens_path` anywhere before the first transcript opens.
--- @return string
function M.binary()
  local configured = vim.g.echolens_path
  if type(configured) == 'string' and configured ~= '' then
    return vim.fn.expand(configured)
  end
  local env = vim.env.ECHOLENS_PATH
  if env and env ~= '' then
    return vim.fn.expand(env)
  end
  return 'echolens'
end

--- The default command line: `echolens serve` speaks LSP over stdio.
--- @return string[]
function M.cmd()
  return { M.binary(), 'serve' }
end

--- The message shown when the server binary is missing. Documented in `:help echolens-missing-binary`; the tests
--- match it, so change both together.
--- @param binary string
--- @return string
function M.missing_binary_message(binary)
  return ("echolens: server binary '%s' not found; install it (swift build -c release) or set cmd"):format(binary)
end

--- Binaries already reported missing, so a session with many transcripts shows the warning once, not per buffer.
local reported_missing = {}

--- Whether `cmd` can start; warns once (vim.notify, WARN) when its program is missing.
---
--- A `cmd` that is a function (a custom RPC transport) is trusted as it is.
--- @param cmd string[]|function|nil
--- @return boolean
function M.check_binary(cmd)
  if type(cmd) == 'function' then
    return true
  end
  local binary = type(cmd) == 'table' and cmd[1] or M.binary()
  if type(binary) == 'string' and binary ~= '' and vim.fn.executable(binary) == 1 then
    return true
  end
  binary = tostring(binary)
  if not reported_missing[binary] then
    reported_missing[binary] = true
    vim.notify(M.missing_binary_message(binary), vim.log.levels.WARN)
  end
  return false
end

--- The workspace root of buffer `bufnr`: the nearest folder with a root marker, else the current directory.
---
--- Falling back to the current directory (not the file's folder) keeps one server per Neovim session for loose
--- transcripts; the server then finds its index through `ECHOLENS_INDEX` or `indexPaths`.
--- @param bufnr integer
--- @param markers string[]?
--- @return string
function M.root(bufnr, markers)
  local found = vim.fs.root(bufnr, markers or M.root_markers)
  return found or vim.fn.getcwd()
end

--- The `initializationOptions` sent with `initialize`: the `echolens` settings section itself.
---
--- The same object later goes out in `workspace/didChangeConfiguration` as `{ settings = { echolens = ... } }`, so
--- the server reads one shape (Protocol/LSP.md, "Settings").
--- @param settings table? the client's `settings` table (with an `echolens` key)
--- @return table
function M.initialization_options(settings)
  local section = settings and settings.echolens
  if type(section) ~= 'table' or vim.tbl_isempty(section) then
    return vim.empty_dict()
  end
  return section
end

--- Puts a user's settings into the `{ echolens = {...} }` shape that Neovim sends and serves.
---
--- `setup{ settings = { indexPaths = {...} } }` and `setup{ settings = { echolens = { indexPaths = {...} } } }` are
--- both accepted: the first is what people type, the second what `vim.lsp.config` users already know.
--- @param settings table?
--- @return table
function M.wrap_settings(settings)
  if settings == nil then
    return { echolens = vim.empty_dict() }
  end
  if settings.echolens ~= nil then
    return settings
  end
  return { echolens = settings }
end

--- The base client config shared by `lsp/echolens.lua` and `setup()`.
--- @return table
function M.base()
  return {
    name = 'echolens',
    cmd = M.cmd(),
    filetypes = vim.deepcopy(M.filetypes),
    root_markers = vim.deepcopy(M.root_markers),
    settings = { echolens = vim.empty_dict() },
    before_init = function(params, config)
      -- An explicit `init_options` wins; otherwise the settings section doubles as the initialization options.
      if params.initializationOptions == nil or vim.tbl_isempty(params.initializationOptions) then
        params.initializationOptions = M.initialization_options(config.settings)
      end
    end,
  }
end

return M
