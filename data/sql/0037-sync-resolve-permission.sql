-- 0037-sync-resolve-permission.sql — closing a sync exception (an entry
-- the centre rejected) is a privileged action signed with a staff
-- credential (src/sync-exception-resolve.c): managers hold it, and a store
-- may give it to another role with `mallposctl staff permit`.
INSERT INTO role_permissions (role, action) VALUES ('manager', 'sync_resolve');
