import "server-only";

/**
 * The Redis leaderboard's Lua scripts. Their source is constant: user text
 * (ids, names) only ever arrives through KEYS and ARGV.
 *
 * KEYS (the same six for every script, prefixed by the client):
 *  1 scores  sorted set userId → score (ranks: ZCOUNT of strictly greater + 1)
 *  2 order   sorted set, all scores 0, members `orderKey(score, tick) .. userId`:
 *            lexical order = leaderboard order (score desc, then who reached
 *            it first, then userId), positions by ZRANK/ZRANGE
 *  3 names   hash userId → name
 *  4 ticks   hash userId → the version at which its score last changed
 *  5 meta    hash version, updatedAt
 *  6 delta   hash of the latest mutation: userId → score before ("new" if
 *            it joined), `~o`/`~n` the touched athletes' old and new scores
 *            (comma-separated, ascending): enough to give anyone's rank
 *            before it, as the in-memory board does.
 * Every script answers one JSON string (numbers as strings, so nothing loses
 * precision on the way through cjson).
 */
export const COMMON = String.raw`
local SCORES, ORDER, NAMES, TICKS, META, DELTA
-- Points the board functions at the six keys from KEYS[base + 1] (one script can change several boards).
local function use_board(base)
  SCORES, ORDER, NAMES, TICKS, META, DELTA = KEYS[base + 1], KEYS[base + 2], KEYS[base + 3], KEYS[base + 4], KEYS[base + 5], KEYS[base + 6]
end
use_board(0)
local HALF = 4503599627370496
local PREFIX = 31

local function fmt(x) return string.format('%.17g', x) end
local function okey(score, tick) return string.format('%016.0f%015.0f', HALF - score, tick) end
local function score_of(member) return HALF - tonumber(string.sub(member, 1, 16)) end
local function id_of(member) return string.sub(member, PREFIX + 1) end
local function member_of(id)
  local s = redis.call('ZSCORE', SCORES, id)
  if not s then return nil end
  return okey(tonumber(s), tonumber(redis.call('HGET', TICKS, id))) .. id
end
local function above(s) return redis.call('ZCOUNT', SCORES, '(' .. fmt(s), '+inf') end

local function list(text)
  local out = {}
  if text and text ~= '' then for v in string.gmatch(text, '[^,]+') do out[#out + 1] = tonumber(v) end end
  return out
end
local function count_greater(sorted, v)
  local n = 0
  for i = 1, #sorted do if sorted[i] > v then n = n + 1 end end
  return n
end
-- The latest mutation, read once per script: before[id] = score before ('new' if it joined).
local function load_delta()
  local flat = redis.call('HGETALL', DELTA)
  local delta = { before = {}, o = {}, n = {} }
  for i = 1, #flat, 2 do
    local field, value = flat[i], flat[i + 1]
    if field == '~o' then delta.o = list(value)
    elseif field == '~n' then delta.n = list(value)
    else delta.before[field] = value end
  end
  return delta
end

-- Rank before the latest mutation (nil: joined in it).
local function previous_rank(id, score, rank, delta)
  local before = delta.before[id]
  if before == 'new' then return nil end
  local s = before and tonumber(before) or score
  local a
  if s == score then a = rank - 1 else a = above(s) end
  return 1 + a - count_greater(delta.n, s) + count_greater(delta.o, s)
end

-- Rows for members at ascending positions; a rank is carried over from the
-- row just before when adjacent, and counted only after a gap.
local function rows(placed, delta)
  local out, rank = {}, 0
  if #placed == 0 then return out end
  local ids = {}
  for i, p in ipairs(placed) do ids[i] = id_of(p.member) end
  local names = redis.call('HMGET', NAMES, unpack(ids))
  for i, p in ipairs(placed) do
    local prev = placed[i - 1]
    local score = score_of(p.member)
    if prev == nil or prev.position ~= p.position - 1 then rank = above(score) + 1
    elseif score_of(prev.member) ~= score then rank = p.position + 1 end
    local id = ids[i]
    local pr = previous_rank(id, score, rank, delta)
    out[#out + 1] = { id, names[i] or '', fmt(score), fmt(rank), pr and fmt(pr) or '' }
  end
  return out
end
local function range(start, count, delta)
  if count <= 0 then return {} end
  local members = redis.call('ZRANGE', ORDER, start, start + count - 1)
  local placed = {}
  for i, m in ipairs(members) do placed[i] = { member = m, position = start + i - 1 } end
  return rows(placed, delta)
end
local function meta()
  local m = redis.call('HMGET', META, 'version', 'updatedAt')
  return m[1] or '0', m[2] or ''
end
local function bump(now)
  local version = redis.call('HINCRBY', META, 'version', 1)
  redis.call('HSET', META, 'updatedAt', now)
  return version
end

-- Up to max_displaced athletes not touched by the mutation whose rank moved,
-- scanning outward from each anchor position (distance 0, 1, ... each way).
local function displaced_near(anchors, delta, max_displaced)
  local found, count = {}, 0
  if max_displaced == 0 or #anchors == 0 then return found end
  local below, upper = {}, {}
  for i, a in ipairs(anchors) do
    below[i] = redis.call('ZRANGE', ORDER, a, a + max_displaced)
    local from = math.max(0, a - max_displaced)
    upper[i] = a > 0 and redis.call('ZRANGE', ORDER, from, a - 1) or {}
  end
  local seen = {}
  local function consider(member, position)
    if member == nil or count >= max_displaced then return end
    local id = id_of(member)
    if seen[id] or delta.before[id] ~= nil then return end
    local s = score_of(member)
    if count_greater(delta.n, s) == count_greater(delta.o, s) then return end
    seen[id] = true
    count = count + 1
    found[#found + 1] = { member = member, position = position }
  end
  for distance = 0, max_displaced do
    if count >= max_displaced then break end
    for i, a in ipairs(anchors) do
      if count >= max_displaced then break end
      consider(below[i][distance + 1], a + distance)
      local u = upper[i]
      consider(u[#u - distance], a - 1 - distance)
    end
  end
  return found
end

local function by_position(x, y) return x.position < y.position end

-- The answer for a mutation: version, rows changed (updated ids first known
-- by the caller), the top rows and the total.
local function answer_table(version, now, updated, placed, top_rows, delta)
  table.sort(placed, by_position)
  return {
    status = 'ok', version = fmt(version), updatedAt = now, total = fmt(redis.call('ZCARD', SCORES)),
    updated = updated, changes = rows(placed, delta), top = range(0, top_rows, delta),
  }
end
local function answer(version, now, updated, placed, top_rows, delta)
  return cjson.encode(answer_table(version, now, updated, placed, top_rows, delta))
end
`;

/** ARGV: now, maxDisplaced, topRows, userId. */
export const REMOVE_SCRIPT = String.raw`${COMMON}
local now, max_displaced, top_rows, id = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local member = member_of(id)
if not member then return cjson.encode({ status = 'missing' }) end
local position = redis.call('ZRANK', ORDER, member)
local score = score_of(member)
redis.call('ZREM', ORDER, member)
redis.call('ZREM', SCORES, id)
redis.call('HDEL', NAMES, id)
redis.call('HDEL', TICKS, id)
-- KEYS[7..]: the movement periods' start/now sets, which forget the athlete too.
for i = 7, #KEYS do redis.call('ZREM', KEYS[i], id) end
local version = bump(now)
redis.call('DEL', DELTA)
redis.call('HSET', DELTA, id, fmt(score), '~o', fmt(score), '~n', '')
local delta = { before = { [id] = fmt(score) }, o = { score }, n = {} }
return answer(version, now, {}, displaced_near({ position }, delta, max_displaced), top_rows, delta)
`;

/** ARGV: now. */
export const RESET_SCRIPT = String.raw`${COMMON}
redis.call('DEL', SCORES, ORDER, NAMES, TICKS, DELTA)
for i = 7, #KEYS do redis.call('DEL', KEYS[i]) end
local version = bump(ARGV[1])
return answer(version, ARGV[1], {}, {}, 0, { before = {}, o = {}, n = {} })
`;

/**
 * ARGV: limit, around ('' = the top rows), period (the board's current period
 * key, 'all' for the all-time boards). KEYS[7], KEYS[8] (optional): a
 * movement period's start and now sets; each row then carries its rank at
 * that period's start (see period-starts.ts for the formula).
 */
export const READ_SCRIPT = String.raw`${COMMON}
local limit, around, period = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local version, updated_at = meta()
if period ~= 'all' then
  local held = redis.call('HGET', META, 'period')
  if held ~= period then
    -- Never written (version 0), or still holding an earlier period: this one is empty, one version on.
    if around ~= '' then return cjson.encode({ status = 'missing' }) end
    if held then version = fmt(tonumber(version) + 1) end
    return cjson.encode({ status = 'ok', version = version, updatedAt = updated_at, total = '0', rows = {} })
  end
end
local total = redis.call('ZCARD', SCORES)
local delta = load_delta()
local start = 0
if around ~= '' then
  local member = member_of(around)
  if not member then return cjson.encode({ status = 'missing' }) end
  local position = redis.call('ZRANK', ORDER, member)
  start = math.max(0, math.min(position - math.floor((limit - 1) / 2), total - limit))
end
local out = range(start, limit, delta)
if KEYS[8] then
  local STARTS, NOW = KEYS[7], KEYS[8]
  for _, row in ipairs(out) do
    local s = redis.call('ZSCORE', STARTS, row[1])
    local pr = ''
    if s ~= '-inf' then
      local from = s and tonumber(s) or tonumber(row[3])
      local bound = '(' .. fmt(from)
      pr = fmt(1 + above(from) - redis.call('ZCOUNT', NOW, bound, '+inf') + redis.call('ZCOUNT', STARTS, bound, '+inf'))
    end
    row[6] = pr
  end
end
return cjson.encode({ status = 'ok', version = version, updatedAt = updated_at, total = fmt(total), rows = out })
`;
