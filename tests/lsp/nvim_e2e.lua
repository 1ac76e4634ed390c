-- End-to-end check of `textlint lsp` in a real Neovim (0.7 or later), run by test_neovim.py:
--   nvim --headless -u NONE -i NONE -n -c "luafile nvim_e2e.lua"
-- Inputs (environment): TEXTLINT_NVIM_FILE (the damaged file), TEXTLINT_NVIM_CMD (the
-- server command, JSON), TEXTLINT_NVIM_OUT (where to write the JSON results).
local file = os.getenv("TEXTLINT_NVIM_FILE")
local out = os.getenv("TEXTLINT_NVIM_OUT")
local cmd = vim.fn.json_decode(os.getenv("TEXTLINT_NVIM_CMD"))
local results = { steps = {}, version = vim.version() }

local function finish(err)
  results.error = err
  local handle = io.open(out, "w")
  handle:write(vim.fn.json_encode(results))
  handle:close()
  vim.cmd("qall!")
end

local function snapshot(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(found, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      code = d.code or lsp.code, source = d.source, severity = d.severity, message = d.message,
    })
  end
  table.sort(found, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return found
end

local function lines(bufnr)
  return vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "textlint",
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(file, ":p:h"),
    init_options = { debounce = 30 },
    flags = { debounce_text_changes = 20 },
  })
  assert(client_id, "vim.lsp.start_client failed")
  vim.lsp.buf_attach_client(bufnr, client_id)

  -- 1. Diagnostics for the file as opened.
  assert(vim.wait(20000, function() return #vim.diagnostic.get(bufnr) >= 3 end, 20), "no diagnostics after opening")
  table.insert(results.steps, { name = "open", diagnostics = snapshot(bufnr), lines = lines(bufnr) })

  -- 2. Type a new problem: "the " before "council" on the last line.
  local last = #lines(bufnr) - 1
  local text = lines(bufnr)[last + 1]
  local at = string.find(text, "the council", 1, true) - 1
  vim.api.nvim_buf_set_text(bufnr, last, at, last, at, { "the " })
  assert(vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.lnum == last and d.message:find("the", 1, true) then return true end
    end
    return false
  end, 20), "no diagnostic for the typed repetition")
  table.insert(results.steps, { name = "edit", diagnostics = snapshot(bufnr), lines = lines(bufnr) })

  -- 3. Apply the quick fix of the "Mr. Mr." finding, as :lua vim.lsp.buf.code_action() would.
  local target
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.message:find("Mr.", 1, true) then target = d end
  end
  assert(target, "no Mr. Mr. diagnostic")
  -- The request vim.lsp.buf.code_action() sends: the cursor's range and the line's diagnostics.
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  local params = vim.lsp.util.make_range_params()
  local line_diagnostics = {}
  if vim.lsp.diagnostic.get_line_diagnostics then
    line_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr)
  end
  params.context = { diagnostics = line_diagnostics }
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, 10000)
  local chosen, titles = nil, {}
  for _, response in pairs(responses or {}) do
    if response.err or response.error then
      results.code_action_error = vim.inspect(response.err or response.error)
    end
    for _, action in ipairs(response.result or {}) do
      table.insert(titles, action.title)
      if action.title:find("^Delete the repeated copy") then chosen = action end
    end
  end
  results.code_action_titles = titles
  assert(chosen, "no quick fix offered: " .. vim.inspect(responses))
  local client = vim.lsp.get_client_by_id(client_id)
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or "utf-16")
  assert(vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.message:find("Mr.", 1, true) then return false end
    end
    return true
  end, 20), "the fixed problem is still reported")
  table.insert(results.steps, { name = "quickfix", diagnostics = snapshot(bufnr), lines = lines(bufnr) })

  -- 4. Fix all safe problems (source.fixAll.textlint).
  local all = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 0, character = 0 }, ["end"] = { line = 0, character = 0 } },
    context = { diagnostics = {}, only = { "source.fixAll" } },
  }, 10000)
  for _, response in pairs(all or {}) do
    for _, action in ipairs(response.result or {}) do
      if action.kind == "source.fixAll.textlint" then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
      end
    end
  end
  assert(vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == "duplicated-token/repeated-words" or ((d.user_data or {}).lsp or {}).code == "duplicated-token/repeated-words" then
        return false
      end
    end
    return true
  end, 20), "fix all left a repeated word")
  table.insert(results.steps, { name = "fixall", diagnostics = snapshot(bufnr), lines = lines(bufnr) })
  vim.lsp.stop_client(client_id)
end)

finish(not ok and tostring(err) or vim.NIL)
