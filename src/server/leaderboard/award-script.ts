import "server-only";

import { COMMON } from "./leaderboard-scripts";

/**
 * One award batch (or one undo) in one Lua script: the idempotency check,
 * validation on the team's all-time board, every board the awards count on
 * (team and class, each window; a board in a new period starts empty with
 * one more version), the movement periods' start/now sets, and the history
 * records — all or nothing. User text (ids, names, reasons) arrives only in
 * ARGV[1], a JSON spec; the script's source is constant.
 *
 * KEYS: 1 reply store, 2 award seq, 3 award data (hash id → JSON), 4 award
 * log (zset seq → id), 5 the giver's index; then 2 per movement period
 * (start, now); then one index per athlete (`spec.athleteKeys` of them);
 * then 6 per board (as in leaderboard-scripts.ts), team all-time first.
 *
 * spec: { now, maxAthletes, maxDisplaced, topRows, ttl, reply (bool),
 *   undoOf ('' = none), movementTtl: [seconds], athleteKeys,
 *   boards: [{ period, ttl (seconds, 0 = for ever), updates: [[id, points, name]] }],
 *   awards: [{ record (JSON without seq), index (KEYS position of the athlete's index) }] }
 * Answers { 'new' | 'replay', json }.
 */
export const AWARD_SCRIPT = String.raw`${COMMON}
local spec = cjson.decode(ARGV[1])
local REPLY, SEQ, DATA, LOG, GIVER = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local M = #spec.movementTtl
local BOARDS = 5 + 2 * M + spec.athleteKeys
local now = spec.now
local function fail(status, extra)
  local out = extra or {}
  out.status = status
  return { 'new', cjson.encode(out) }
end

if spec.reply then
  local known = redis.call('GET', REPLY)
  if known then return { 'replay', known } end
end

local original
if spec.undoOf ~= '' then
  local raw = redis.call('HGET', DATA, spec.undoOf)
  if not raw then return fail('missing') end
  original = cjson.decode(raw)
  if original.undoOf then return fail('undo_of_undo') end
  if original.undoneBy then return fail('undone', { award = redis.call('HGET', DATA, original.undoneBy), original = raw }) end
end

-- Aggregates a board's updates: ids in first-seen order, points summed, the last name given.
local function aggregate(updates)
  local ids, batch = {}, {}
  for _, u in ipairs(updates) do
    local id, points, name = u[1], tonumber(u[2]), u[3]
    if batch[id] == nil then
      ids[#ids + 1] = id
      batch[id] = { points = points, name = name }
    else
      batch[id].points = batch[id].points + points
      if name ~= '' then batch[id].name = name end
    end
  end
  return ids, batch
end

-- 1. Validate on the team's all-time board, changing nothing.
use_board(BOARDS)
local TEAM_NAMES = NAMES
local team_ids, team_batch = aggregate(spec.boards[1].updates)
local added = 0
local before = {}
for _, id in ipairs(team_ids) do
  local old = redis.call('ZSCORE', SCORES, id)
  if not old and team_batch[id].name == '' then return fail('unknown', { userId = id }) end
  local score = (old and tonumber(old) or 0) + team_batch[id].points
  if score ~= score or math.abs(score) >= HALF then return fail('invalid', { userId = id }) end
  if not old then added = added + 1 end
  before[id] = old
end
if redis.call('ZCARD', SCORES) + added > spec.maxAthletes then return fail('full') end

-- 2. Movement periods: each athlete's all-time score before its first award in the period ('-inf': not on the board).
for m = 1, M do
  local starts = KEYS[5 + 2 * m - 1]
  for _, id in ipairs(team_ids) do
    if not redis.call('ZSCORE', starts, id) then redis.call('ZADD', starts, before[id] or '-inf', id) end
  end
end

-- 3. Every board: roll into the current period, then apply as one mutation.
local function apply_board(updates)
  local ids, batch = aggregate(updates)
  local tick = bump(now)
  redis.call('DEL', DELTA)
  local olds, news, prior = {}, {}, {}
  for _, id in ipairs(ids) do
    local b = batch[id]
    local old = redis.call('ZSCORE', SCORES, id)
    if b.name == '' and not old then b.name = redis.call('HGET', TEAM_NAMES, id) or id end
    local score = (old and tonumber(old) or 0) + b.points
    b.score = score
    if not old then
      prior[id] = 'new'
      redis.call('HSET', DELTA, id, 'new')
      redis.call('ZADD', SCORES, score, id)
      redis.call('ZADD', ORDER, 0, okey(score, tick) .. id)
      redis.call('HSET', TICKS, id, tick)
    else
      old = tonumber(old)
      prior[id] = fmt(old)
      redis.call('HSET', DELTA, id, fmt(old))
      olds[#olds + 1] = old
      if score ~= old then
        redis.call('ZREM', ORDER, okey(old, tonumber(redis.call('HGET', TICKS, id))) .. id)
        redis.call('ZADD', SCORES, score, id)
        redis.call('ZADD', ORDER, 0, okey(score, tick) .. id)
        redis.call('HSET', TICKS, id, tick)
      end
    end
    if b.name ~= '' then redis.call('HSET', NAMES, id, b.name) end
    news[#news + 1] = score
  end
  table.sort(olds)
  table.sort(news)
  local function join(values) local t = {} for i, v in ipairs(values) do t[i] = fmt(v) end return table.concat(t, ',') end
  redis.call('HSET', DELTA, '~o', join(olds), '~n', join(news))
  local delta = { before = prior, o = olds, n = news }
  local placed, anchors, updated = {}, {}, {}
  for _, id in ipairs(ids) do
    local member = okey(batch[id].score, tonumber(redis.call('HGET', TICKS, id))) .. id
    placed[#placed + 1] = { member = member, position = redis.call('ZRANK', ORDER, member) }
  end
  table.sort(placed, by_position)
  for i, p in ipairs(placed) do anchors[i] = p.position; updated[i] = id_of(p.member) end
  for _, d in ipairs(displaced_near(anchors, delta, spec.maxDisplaced)) do placed[#placed + 1] = d end
  return answer_table(tick, now, updated, placed, spec.topRows, delta)
end

local outs = {}
for b, board in ipairs(spec.boards) do
  use_board(BOARDS + (b - 1) * 6)
  if board.period ~= 'all' then
    local held = redis.call('HGET', META, 'period')
    if held ~= board.period then
      if held then bump(now) end
      redis.call('HSET', META, 'period', board.period)
    end
  end
  outs[b] = apply_board(board.updates)
  if board.ttl > 0 then
    for _, key in ipairs({ SCORES, ORDER, NAMES, TICKS, DELTA }) do redis.call('EXPIRE', key, board.ttl) end
  end
end

-- 4. Movement periods: the athletes' all-time scores now.
use_board(BOARDS)
for m = 1, M do
  local starts, current = KEYS[5 + 2 * m - 1], KEYS[5 + 2 * m]
  for _, id in ipairs(team_ids) do redis.call('ZADD', current, redis.call('ZSCORE', SCORES, id), id) end
  redis.call('EXPIRE', starts, spec.movementTtl[m])
  redis.call('EXPIRE', current, spec.movementTtl[m])
end

-- 5. The history.
local awards = {}
for i, a in ipairs(spec.awards) do
  local record = cjson.decode(a.record)
  record.seq = redis.call('INCR', SEQ)
  if record.athleteName == '' then record.athleteName = redis.call('HGET', TEAM_NAMES, record.athleteId) or record.athleteId end
  local json = cjson.encode(record)
  redis.call('HSET', DATA, record.id, json)
  redis.call('ZADD', LOG, record.seq, record.id)
  redis.call('ZADD', GIVER, record.seq, record.id)
  redis.call('ZADD', KEYS[a.index], record.seq, record.id)
  awards[i] = json
end
local undone
if original then
  original.undoneBy = cjson.decode(awards[1]).id
  original.undoneAt = now
  undone = cjson.encode(original)
  redis.call('HSET', DATA, spec.undoOf, undone)
end

local reply = cjson.encode({ status = 'ok', boards = outs, awards = awards, original = undone })
if spec.reply then redis.call('SET', REPLY, reply, 'EX', spec.ttl) end
return { 'new', reply }
`;
