-- Argo CD health check for sparsesweep.io/SparseSweep (Lua 5.1, as Argo CD runs it).
-- Install: docs/argocd.md. Cases: health_test.yaml (run by the chart's tests with LuaJ).
--
-- The conditions are authoritative (status.phase is a summary for printer columns):
--   Complete=True                      -> Healthy   (every trial terminal, law fitted or fitting off)
--   Failed=True, or Ready=False        -> Degraded  (too many failed trials, no fit, invalid spec)
--   Suspended=True                     -> Suspended (spec.suspend: nothing new is launched)
--   anything else                      -> Progressing (trials running or queued, fitting)
-- A status the operator wrote for an older spec generation is Progressing until it catches up,
-- so an edit in Git is not reported Healthy on the strength of the previous generation.
local hs = {}

local function condition(conditions, type)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function progress(status)
  local text = ""
  if status.progress ~= nil then
    text = status.progress .. " trials done"
    if status.trialCounts ~= nil and status.trialCounts.failed ~= nil and status.trialCounts.failed > 0 then
      text = text .. ", " .. status.trialCounts.failed .. " failed"
    end
  end
  return text
end

-- "Reason: message" of the deciding condition; the progress when the condition says nothing.
local function say(prefix, c, status)
  local reason = prefix
  if c ~= nil and c.reason ~= nil and c.reason ~= "" then
    reason = c.reason
  end
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return reason .. ": " .. c.message
  end
  local p = progress(status)
  if p ~= "" then
    return reason .. ": " .. p
  end
  return reason
end

local status = obj.status
if status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe the sweep"
  return hs
end

local generation = obj.metadata and obj.metadata.generation
if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

local conditions = status.conditions
local progressing = condition(conditions, "Progressing")

-- The first rule whose condition has the given status decides, in this order (a failed sweep that
-- is also suspended is Degraded; an invalid spec outranks an older Complete).
local decisive = {
  { "Failed", "True", "Degraded", "Failed" },
  { "Ready", "False", "Degraded", "Invalid spec" },
  { "Complete", "True", "Healthy", "Complete" },
  { "Suspended", "True", "Suspended", "Suspended" },
}
for _, rule in ipairs(decisive) do
  local c = condition(conditions, rule[1])
  if c ~= nil and c.status == rule[2] then
    hs.status = rule[3]
    hs.message = say(rule[4], c, status)
    return hs
  end
end

-- No decisive condition (an operator older than the conditions, or a status being built): the phase.
if conditions == nil or #conditions == 0 then
  if status.phase == "Complete" then
    hs.status = "Healthy"
  elseif status.phase == "Failed" or status.phase == "Invalid" then
    hs.status = "Degraded"
  elseif status.phase == "Suspended" then
    hs.status = "Suspended"
  else
    hs.status = "Progressing"
  end
  hs.message = say(status.phase or "Pending", nil, status)
  return hs
end

hs.status = "Progressing"
hs.message = say("Progressing", progressing, status)
return hs
