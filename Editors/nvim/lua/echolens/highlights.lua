--- Inline highlights for echolens findings, one group per finding kind.
---
--- The diagnostics already underline by severity; these extmarks add a kind-specific highlight that a colour scheme
--- can restyle (echo vs. self-identification vs. common text) without touching other servers' diagnostics.
local M = {}

--- The extmark namespace; tests and users can clear or inspect it.
M.namespace = vim.api.nvim_create_namespace('echolens.highlights')

--- Finding kind (the diagnostic `code`) to highlight group.
M.groups = {
  ['echo'] = 'EchoLensEcho',
  ['self-identification'] = 'EchoLensSelfIdentification',
  ['common-text'] = 'EchoLensCommonText',
}

--- Default links; `default = true` lets any colour scheme or user `:highlight` win.
local default_links = {
  EchoLensEcho = 'DiagnosticUnderlineWarn',
  EchoLensSelfIdentification = 'DiagnosticUnderlineError',
  EchoLensCommonText = 'DiagnosticUnderlineHint',
  -- The reference view and :EchoLensCompare.
  EchoLensReferenceMatch = 'Visual',
  EchoLensCompareChanged = 'DiffText',
  EchoLensCompareAdded = 'DiffAdd',
  EchoLensCompareDeleted = 'DiffDelete',
}

--- Set to false (`setup{ highlights = false }`) to keep only the plain diagnostics.
M.enabled = true

--- Defines the groups; safe to call again after `:colorscheme`, which clears highlight definitions.
function M.define()
  for group, target in pairs(default_links) do
    vim.api.nvim_set_hl(0, group, { link = target, default = true })
  end
end

--- Whether a vim.Diagnostic came from the echolens server.
--- @param diagnostic vim.Diagnostic
--- @return boolean
function M.is_echolens(diagnostic)
  return diagnostic.source == 'echolens' and M.groups[diagnostic.code] ~= nil
end

--- Redraws the highlights of `bufnr` from its current echolens diagnostics.
--- @param bufnr integer
function M.refresh(bufnr)
  if not vim.api.nvim_buf_is_valid(bufnr) then
    return
  end
  vim.api.nvim_buf_clear_namespace(bufnr, M.namespace, 0, -1)
  if not M.enabled then
    return
  end
  local priority = (vim.hl or vim.highlight).priorities.diagnostics + 1
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    if M.is_echolens(diagnostic) then
      -- strict = false: a diagnostic can briefly point past the end of a line the user just shortened.
      pcall(vim.api.nvim_buf_set_extmark, bufnr, M.namespace, diagnostic.lnum, diagnostic.col, {
        end_row = diagnostic.end_lnum or diagnostic.lnum,
        end_col = diagnostic.end_col or diagnostic.col,
        hl_group = M.groups[diagnostic.code],
        priority = priority,
        strict = false,
      })
    end
  end
end

return M
