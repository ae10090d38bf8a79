// The health of an Argo CD Application as seen by its parent (app-of-apps). Argo CD 1.8 removed
// the built-in Application health check, so a parent moves past a wave of child Applications as
// soon as they exist; with this check in argocd-cm it waits until each child is synced and healthy.

/** argocd-cm key of the Application health check. */
export const APPLICATION_HEALTH_KEY = 'resource.customizations.health.argoproj.io_Application';

/**
 * Lua 5.1 (Argo CD runs gopher-lua). Verdicts:
 * - no status yet, or a sync operation running: Progressing;
 * - the last sync failed and the child is still OutOfSync: Degraded (with the operation message);
 * - the child's own health, with Missing and Unknown read as Progressing (its objects are not
 *   there yet), and Healthy/Degraded/Suspended/Progressing passed through.
 * A child that is OutOfSync but Healthy (e.g. an object left unpruned) is Healthy: a permanent
 * difference must not hold the parent's waves forever.
 */
export const APPLICATION_HEALTH_LUA = `local hs = { status = "Progressing", message = "Waiting for the application to report its health" }
if obj.status == nil then
  return hs
end
local op = obj.status.operationState
local sync = obj.status.sync
if op ~= nil and (op.phase == "Running" or op.phase == "Terminating") then
  hs.message = "Sync operation " .. op.phase
  return hs
end
if op ~= nil and (op.phase == "Failed" or op.phase == "Error") and sync ~= nil and sync.status == "OutOfSync" then
  hs.status = "Degraded"
  hs.message = op.message or ("Sync " .. op.phase)
  return hs
end
local health = obj.status.health
if health == nil or health.status == nil then
  return hs
end
if health.status == "Healthy" or health.status == "Degraded" or health.status == "Suspended" or health.status == "Progressing" then
  hs.status = health.status
  hs.message = health.message or ""
else
  hs.message = "Application health is " .. health.status
end
return hs
`;
