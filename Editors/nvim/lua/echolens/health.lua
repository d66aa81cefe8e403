--- `:checkhealth echolens`: is the binary there, does it run, and which index will the server open?
---
--- The index search mirrors the server's order (Protocol/LSP.md): `indexPaths`, then `<root>/.echolens/index`, then
--- `$ECHOLENS_INDEX`; when all are missing it prints the command that builds one.
local config = require('echolens.config')

local M = {}

local health = vim.health

--- The client config the user will get: the resolved `vim.lsp.config` on 0.11+, else the base config.
--- @return table
local function resolved_config()
  local legacy = package.loaded['echolens'] and package.loaded['echolens']._legacy_config
  if legacy then
    return legacy
  end
  if vim.lsp.config ~= nil then
    local ok, resolved = pcall(function()
      return vim.lsp.config.echolens
    end)
    if ok and type(resolved) == 'table' then
      return resolved
    end
  end
  return config.base()
end

--- Whether `path` holds an index: an `.eli` file, or a folder with at least one `*.eli` shard.
--- @param path string
--- @return boolean, string
local function index_at(path)
  local stat = vim.uv.fs_stat(path)
  if not stat then
    return false, 'does not exist'
  end
  if stat.type == 'directory' then
    local shards = vim.fn.glob(vim.fs.joinpath(path, '*.eli'), true, true)
    if #shards == 0 then
      return false, 'is a folder without *.eli shards'
    end
    return true, ('%d shard(s)'):format(#shards)
  end
  return true, ('%d bytes'):format(stat.size)
end

--- Resolves `path` against `root` unless it is absolute.
local function absolute(path, root)
  path = vim.fn.expand(path)
  if path:sub(1, 1) == '/' or path:match('^%a:[/\\]') then
    return path
  end
  return vim.fs.joinpath(root, path)
end

local function check_binary(resolved)
  health.start('echolens: server binary')
  local cmd = resolved.cmd
  if type(cmd) == 'function' then
    health.ok('cmd is a custom function; not checked')
    return
  end
  local binary = type(cmd) == 'table' and cmd[1] or config.binary()
  local path = vim.fn.exepath(binary)
  if path == '' then
    health.error(config.missing_binary_message(binary), {
      'Build it: swift build -c release (in the echolens checkout), then put .build/release/echolens on PATH',
      "Or point the plugin at it: vim.g.echolens_path = '/path/to/echolens' (or $ECHOLENS_PATH)",
      "Or: vim.lsp.config('echolens', { cmd = { '/path/to/echolens', 'serve' } })",
    })
    return
  end
  health.ok(('found %s'):format(path))
  local ok, result = pcall(function()
    return vim.system({ path, '--version' }, { text = true }):wait(5000)
  end)
  if not ok then
    health.error(('could not run %s --version: %s'):format(path, tostring(result)))
  elseif result.code ~= 0 then
    health.error(('%s --version exited with %d: %s'):format(path, result.code, vim.trim(result.stderr or '')))
  else
    health.ok('version: ' .. vim.trim(result.stdout or ''))
  end
end

local function check_index(resolved)
  health.start('echolens: reference index')
  local root = config.root(vim.api.nvim_get_current_buf(), resolved.root_markers)
  local section = resolved.settings and resolved.settings.echolens or {}
  local index_paths = type(section.indexPaths) == 'table' and section.indexPaths or {}
  if #index_paths > 0 then
    -- The server uses indexPaths alone when it is set, so the other places are not worth reporting.
    for _, configured in ipairs(index_paths) do
      local path = absolute(configured, root)
      local ok, detail = index_at(path)
      if ok then
        health.ok(('indexPaths: %s (%s)'):format(path, detail))
      else
        health.error(('indexPaths: %s %s'):format(path, detail), { 'Build it: ' .. config.index_build_hint })
      end
    end
    return
  end

  local workspace_index = vim.fs.joinpath(root, '.echolens', 'index')
  local ok, detail = index_at(workspace_index)
  if ok then
    health.ok(('workspace index: %s (%s)'):format(workspace_index, detail))
    return
  end
  health.info(('no workspace index: %s %s'):format(workspace_index, detail))

  local env = vim.env.ECHOLENS_INDEX
  if env and env ~= '' then
    local env_ok, env_detail = index_at(vim.fn.expand(env))
    if env_ok then
      health.ok(('ECHOLENS_INDEX: %s (%s)'):format(env, env_detail))
    else
      health.error(('ECHOLENS_INDEX: %s %s'):format(env, env_detail), { 'Build it: ' .. config.index_build_hint })
    end
    return
  end

  health.warn('no reference index found (settings indexPaths, ' .. workspace_index .. ', $ECHOLENS_INDEX)', {
    'Build one from a JSONL corpus (one {"id","model","prompt","output"} object per line), in the project root:',
    config.index_build_hint,
  })
end

local function check_clients()
  health.start('echolens: clients')
  local clients = vim.lsp.get_clients({ name = 'echolens' })
  if #clients == 0 then
    health.info("no echolens client running; open a transcript after vim.lsp.enable('echolens') or setup{}")
    return
  end
  for _, client in ipairs(clients) do
    health.ok(('client %d, root %s'):format(client.id, tostring(client.config.root_dir)))
  end
end

function M.check()
  health.start('echolens: Neovim')
  if vim.fn.has('nvim-0.11') == 1 then
    health.ok("Neovim 0.11+: vim.lsp.enable('echolens') uses lsp/echolens.lua")
  elseif vim.fn.has('nvim-0.10') == 1 then
    health.ok("Neovim 0.10: use require('echolens').setup{}")
  else
    health.error('echolens needs Neovim 0.10 or newer')
  end
  local resolved = resolved_config()
  check_binary(resolved)
  check_index(resolved)
  check_clients()
end

return M
