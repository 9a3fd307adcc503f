-- 0036-card-presence-used.sql — the member card presence tokens already
-- used as the member's proof (src/member-card-presence.c), so that a token
-- seen on a screen or captured on its way pays once only, however many
-- processes share the store. Keyed by the token's MAC (which covers the
-- member and the read's time); a row is kept until its token would have
-- expired anyway, then pruned by the next use. Local anti-replay state,
-- not business: neither chained nor journaled.
CREATE TABLE card_presence_used (
  mac BLOB PRIMARY KEY CHECK (length (mac) = 16),
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX card_presence_used_expiry ON card_presence_used (expires_at);
