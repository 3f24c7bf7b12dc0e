/**
 * Lua helpers shared by the change log's scripts: `parts(position)` takes a position apart into two numbers (exact: our
 * parts have at most 15 digits), `newer(a, b)` says whether position `a` comes after `b`.
 */
export const LUA_POSITIONS = `
local function parts(position)
  local ms, seq = string.match(position, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local function newer(a, b)
  local ams, aseq = parts(a)
  local bms, bseq = parts(b)
  return ams > bms or (ams == bms and aseq > bseq)
end
`;
