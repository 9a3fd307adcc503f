-- 0004-streams.sql — what the pull streams `promotions`, `coupons`,
-- `loyalty_rules` and `config` serve (sync/PROTOCOL.md section 5.7): one
-- row per document and key, the latest only (so cursor 0 is always a whole
-- snapshot), with the change number it last got. body is the document as
-- IT imported it, checked by the core's own validators first; NULL: the
-- document was withdrawn (a promotion ended early, a setting unset), kept
-- so terminals hear it. Change numbers are taken under an advisory lock held
-- to commit (central-documents.c), so they commit in order and no cursor
-- passes one still to commit; prices get the same lock from now on.
CREATE SEQUENCE document_change;
CREATE TABLE documents (
  stream text NOT NULL CHECK (stream = 'promotions' OR stream = 'coupons'
                              OR stream = 'loyalty_rules' OR stream = 'config'),
  key    text NOT NULL,
  body   text,
  change bigint NOT NULL UNIQUE,
  PRIMARY KEY (stream, key)
);
CREATE INDEX documents_stream_change ON documents (stream, change);
