import "server-only";

/**
 * The Lua scripts of RedisChatStore: each change is one atomic script, so
 * the message, its rev, its reactions, the pins and the change index never
 * disagree. User text only ever travels in ARGV. Messages are decoded and
 * encoded with cjson (numbers stay integers below 1e14; an empty list is
 * never encoded: a field with nothing in it is left out).
 *
 * Shared shapes: history is a sorted set of message JSON scored by seq;
 * `changed` scores by rev the seqs changed after posting; `reactors` is a
 * hash `{seq}|{emoji}` → JSON list of user ids in the order they reacted;
 * `pins` scores pinned seqs by when they were pinned, `pinmeta` holds
 * `{by, at}` per pinned seq.
 */

/** Finds the held message named by id: message, its JSON, its seq; nil when absent or of another epoch. */
const FIND = `
local function find(history, id)
  local seq = tonumber(string.match(id, '^m(%d+)%-'))
  if not seq then return nil end
  local member = redis.call('ZRANGEBYSCORE', history, seq, seq)[1]
  if not member then return nil end
  local message = cjson.decode(member)
  if message.id ~= id then return nil end
  return message, member, seq
end
local function save(history, revKey, changed, message)
  local rev = redis.call('INCR', revKey)
  message.rev = rev
  local member = cjson.encode(message)
  redis.call('ZREMRANGEBYSCORE', history, message.seq, message.seq)
  redis.call('ZADD', history, message.seq, member)
  redis.call('ZADD', changed, rev, message.seq)
  return member
end
`;

/** Every pin, oldest first, as {seq, message JSON, meta JSON} triples (pins whose message fell off are skipped). */
const READ_PINS = `
local function readPins(pins, pinmeta, history)
  local out = {}
  for _, seq in ipairs(redis.call('ZRANGE', pins, 0, -1)) do
    local member = redis.call('ZRANGEBYSCORE', history, seq, seq)[1]
    local meta = redis.call('HGET', pinmeta, seq)
    if member and meta then
      table.insert(out, member)
      table.insert(out, meta)
    end
  end
  return out
end
`;

/**
 * One post: the epoch (kept if there is one), the idempotency check, the
 * next seq and rev, the message (its JSON built from the body the caller
 * serialized), trimming to capacity (and forgetting the reactions, pin and
 * change of the message that falls off), and the "not yet announced" mark
 * with the poster's claim to send it.
 * A reply is noted under the seq it answers (`replies`: seq → JSON list of
 * reply seqs), so deleting the original can empty their quotes.
 * KEYS: seq, history, epoch, client key, undelivered, claims, rev, changed, reactors, pins, pinmeta, replies.
 * ARGV: epoch candidate, capacity, TTL seconds, message body JSON, "1" when
 * KEYS[4] is a real client key, now (ms), claim until (ms), the seq replied
 * to ('' for none), then the emoji.
 * Returns { created (0|1), message JSON, epoch, undelivered (0|1) }.
 */
export const APPEND_SCRIPT = `
redis.call('SET', KEYS[3], ARGV[1], 'NX')
local epoch = redis.call('GET', KEYS[3])
if ARGV[5] == '1' then
  local known = redis.call('GET', KEYS[4])
  if known then
    local held = redis.call('ZRANGEBYSCORE', KEYS[2], known, known)
    if held[1] then
      local pending = redis.call('ZSCORE', KEYS[5], known) and 1 or 0
      return {0, held[1], epoch, pending}
    end
  end
end
local seq = redis.call('INCR', KEYS[1])
local rev = redis.call('INCR', KEYS[7])
local digits = string.format('%d', seq)
local member = '{"id":"m' .. digits .. '-' .. epoch .. '","seq":' .. digits .. ',"rev":' .. string.format('%d', rev) .. ',' .. string.sub(ARGV[4], 2)
local capacity = tonumber(ARGV[2])
redis.call('ZADD', KEYS[2], seq, member)
if ARGV[8] ~= '' then
  local raw = redis.call('HGET', KEYS[12], ARGV[8])
  local replies = {}
  if raw then replies = cjson.decode(raw) end
  table.insert(replies, seq)
  redis.call('HSET', KEYS[12], ARGV[8], cjson.encode(replies))
end
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(capacity + 1))
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', seq - capacity)
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', ARGV[6])
local gone = seq - capacity
if gone >= 1 then
  local name = string.format('%d', gone)
  redis.call('ZREM', KEYS[8], name)
  redis.call('ZREM', KEYS[10], name)
  redis.call('HDEL', KEYS[11], name)
  redis.call('HDEL', KEYS[12], name)
  for i = 9, #ARGV do redis.call('HDEL', KEYS[9], name .. '|' .. ARGV[i]) end
end
if ARGV[5] == '1' then
  redis.call('SET', KEYS[4], digits, 'EX', ARGV[3])
  redis.call('ZADD', KEYS[5], seq, digits)
  redis.call('ZADD', KEYS[6], ARGV[7], digits)
  return {1, member, epoch, 1}
end
return {1, member, epoch, 0}
`;

/**
 * A page of history and everything a page needs with it, read at one instant.
 * KEYS: epoch, rev, history, changed, pins, pinmeta, reads.
 * ARGV: epoch candidate, after ('' for none), before ('' for none), limit,
 * changesSince ('' for none), most changes, viewer id ('' for none).
 * Returns { epoch, rev, members (newest first unless after), changes, reload (0|1), lastRead (-1: not asked), pins }.
 */
export const LIST_SCRIPT = `${READ_PINS}
redis.call('SET', KEYS[1], ARGV[1], 'NX')
local epoch = redis.call('GET', KEYS[1])
local rev = tonumber(redis.call('GET', KEYS[2]) or '0')
local limit = tonumber(ARGV[4])
local max = '+inf'
if ARGV[3] ~= '' then max = '(' .. ARGV[3] end
local members
if ARGV[2] ~= '' then
  members = redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. ARGV[2], max, 'LIMIT', 0, limit + 1)
else
  members = redis.call('ZREVRANGEBYSCORE', KEYS[3], max, '-inf', 'LIMIT', 0, limit + 1)
end
local changes = {}
local reload = 0
if ARGV[5] ~= '' then
  local most = tonumber(ARGV[6])
  local seqs = redis.call('ZRANGEBYSCORE', KEYS[4], '(' .. ARGV[5], '+inf', 'LIMIT', 0, most + 1)
  if #seqs > most then
    reload = 1
  else
    for _, seq in ipairs(seqs) do
      local member = redis.call('ZRANGEBYSCORE', KEYS[3], seq, seq)[1]
      if member then table.insert(changes, member) end
    end
  end
end
local lastRead = -1
if ARGV[7] ~= '' then lastRead = tonumber(redis.call('HGET', KEYS[7], ARGV[7]) or '0') end
return {epoch, rev, members, changes, reload, lastRead, readPins(KEYS[5], KEYS[6], KEYS[3])}
`;

/**
 * The author's new text within the edit window.
 * KEYS: history, rev, changed, pins. ARGV: id, user id, text, editable since (ISO), now (ISO).
 * Returns { status, message JSON, pinned (0|1) }; status: changed | same | not_found | not_author | deleted | too_late.
 */
export const EDIT_SCRIPT = `${FIND}
local message, member, seq = find(KEYS[1], ARGV[1])
if not message then return {'not_found'} end
if message.userId ~= ARGV[2] then return {'not_author'} end
if message.deleted then return {'deleted'} end
if message.message == ARGV[3] then return {'same', member, 0} end
if message.timestamp < ARGV[4] then return {'too_late'} end
message.message = ARGV[3]
message.editedAt = ARGV[5]
local pinned = redis.call('ZSCORE', KEYS[4], seq) and 1 or 0
return {'changed', save(KEYS[1], KEYS[2], KEYS[3], message), pinned}
`;

/**
 * Deletes: text emptied, reactions, reply, attachments and pin dropped, seq
 * kept; the replies quoting it get their quote emptied and marked deleted
 * (a rev each, after its own).
 * KEYS: history, rev, changed, reactors, pins, pinmeta, replies. ARGV: id, user id, "1" for a coach, then the emoji.
 * Returns { status, message JSON, unpinned (0|1), the dropped attachments as JSON or '', the replies' JSON };
 * status: changed | same | not_found | not_author.
 */
export const REMOVE_SCRIPT = `${FIND}
local message, member, seq = find(KEYS[1], ARGV[1])
if not message then return {'not_found'} end
if message.userId ~= ARGV[2] and ARGV[3] ~= '1' then return {'not_author'} end
if message.deleted then return {'same', member, 0} end
for i = 4, #ARGV do redis.call('HDEL', KEYS[4], seq .. '|' .. ARGV[i]) end
local unpinned = redis.call('ZREM', KEYS[5], seq)
redis.call('HDEL', KEYS[6], seq)
message.message = ''
message.deleted = true
message.reactions = nil
message.replyTo = nil
local removed = ''
if message.attachments then removed = cjson.encode(message.attachments) end
message.attachments = nil
local saved = save(KEYS[1], KEYS[2], KEYS[3], message)
local related = {}
local raw = redis.call('HGET', KEYS[7], seq)
if raw then
  for _, replySeq in ipairs(cjson.decode(raw)) do
    local held = redis.call('ZRANGEBYSCORE', KEYS[1], replySeq, replySeq)[1]
    if held then
      local reply = cjson.decode(held)
      if type(reply.replyTo) == 'table' and reply.replyTo.id == ARGV[1] and not reply.replyTo.deleted then
        reply.replyTo.excerpt = ''
        reply.replyTo.deleted = true
        table.insert(related, save(KEYS[1], KEYS[2], KEYS[3], reply))
      end
    end
  end
  redis.call('HDEL', KEYS[7], seq)
end
return {'changed', saved, unpinned, removed, related}
`;

/**
 * Sets one user's reaction on or off and rebuilds the message's reactions.
 * KEYS: history, rev, changed, reactors. ARGV: id, emoji, user id, "1" on / "0" off, most listed ids, then every emoji in order.
 * Returns { status, message JSON }; status: changed | same | not_found | deleted.
 */
export const REACT_SCRIPT = `${FIND}
local message, member, seq = find(KEYS[1], ARGV[1])
if not message then return {'not_found'} end
if message.deleted then return {'deleted'} end
local field = seq .. '|' .. ARGV[2]
local raw = redis.call('HGET', KEYS[4], field)
local ids = {}
if raw then ids = cjson.decode(raw) end
local at = nil
for i, id in ipairs(ids) do
  if id == ARGV[3] then at = i end
end
local on = ARGV[4] == '1'
if (at ~= nil) == on then return {'same', member} end
if on then table.insert(ids, ARGV[3]) else table.remove(ids, at) end
if #ids == 0 then redis.call('HDEL', KEYS[4], field) else redis.call('HSET', KEYS[4], field, cjson.encode(ids)) end
local most = tonumber(ARGV[5])
local reactions = {}
for i = 6, #ARGV do
  local emoji = ARGV[i]
  local list = ids
  if emoji ~= ARGV[2] then
    local stored = redis.call('HGET', KEYS[4], seq .. '|' .. emoji)
    list = {}
    if stored then list = cjson.decode(stored) end
  end
  if #list > 0 then
    local listed = {}
    for j = 1, math.min(#list, most) do listed[j] = list[j] end
    table.insert(reactions, { emoji = emoji, count = #list, userIds = listed })
  end
end
if #reactions == 0 then message.reactions = nil else message.reactions = reactions end
return {'changed', save(KEYS[1], KEYS[2], KEYS[3], message)}
`;

/**
 * Pins or unpins, at most `most` at once.
 * KEYS: history, rev, pins, pinmeta. ARGV: id, "1" pin / "0" unpin, by, at (ISO), at (ms), most pins.
 * Returns { status, rev }; status: changed | same | not_found | deleted | too_many.
 */
export const PIN_SCRIPT = `${FIND}
local message, member, seq = find(KEYS[1], ARGV[1])
if not message then return {'not_found'} end
local pinnedNow = redis.call('ZSCORE', KEYS[3], seq) ~= false
local pin = ARGV[2] == '1'
if pinnedNow == pin then return {'same', tonumber(redis.call('GET', KEYS[2]) or '0')} end
if pin then
  if message.deleted then return {'deleted'} end
  if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[6]) then return {'too_many'} end
  redis.call('ZADD', KEYS[3], ARGV[5], seq)
  redis.call('HSET', KEYS[4], seq, cjson.encode({ by = ARGV[3], at = ARGV[4] }))
else
  redis.call('ZREM', KEYS[3], seq)
  redis.call('HDEL', KEYS[4], seq)
end
return {'changed', redis.call('INCR', KEYS[2])}
`;

/** The pins and the rev, read together. KEYS: rev, pins, pinmeta, history. Returns { rev, pins }. */
export const PINS_SCRIPT = `${READ_PINS}
return {tonumber(redis.call('GET', KEYS[1]) or '0'), readPins(KEYS[2], KEYS[3], KEYS[4])}
`;

/**
 * Moves a read position forward (capped at the newest seq), never back.
 * KEYS: reads, reader names, seq, epoch. ARGV: user id, name, seq, epoch candidate.
 * Returns { last read seq, changed (0|1), epoch }.
 */
export const READ_SCRIPT = `
redis.call('SET', KEYS[4], ARGV[4], 'NX')
local epoch = redis.call('GET', KEYS[4])
local newest = tonumber(redis.call('GET', KEYS[3]) or '0')
local target = math.min(tonumber(ARGV[3]), newest)
local known = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if known >= target then return {known, 0, epoch} end
redis.call('HSET', KEYS[1], ARGV[1], target)
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return {target, 1, epoch}
`;
