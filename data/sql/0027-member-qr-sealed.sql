-- 0027-member-qr-sealed.sql — member QR secrets encrypted at rest; staff cards.
--
-- member_qr_secrets: each member's 32-byte QR secret sealed with the store's
-- member-code key (libsodium secretbox: 24-byte nonce, 16-byte MAC, 32
-- bytes), the key kept outside the database in a file beside it
-- (<store>.qrkey, 0600; src/member-qr-secret.c says why). A copy of the
-- store file alone mints no member code. rotated_at: when the secret was
-- made, again at every card loss or replacement (old codes stop verifying).
--
-- The clear members.qr_secret of 0002 is emptied by this migration's C step
-- (mpos_member_qr_secret_seal_all, which seals every secret an older store
-- holds) and no longer filled in by members_insert_defaults.
CREATE TABLE member_qr_secrets (
  member_id  INTEGER PRIMARY KEY REFERENCES members (id),
  sealed     BLOB NOT NULL CHECK (length (sealed) = 72),
  rotated_at INTEGER NOT NULL
);

DROP TRIGGER members_insert_defaults;
CREATE TRIGGER members_insert_defaults AFTER INSERT ON members
WHEN new.card_no IS NOT NULL OR new.uid IS NULL
BEGIN
  INSERT INTO member_cards (card_no, member_id, kind, status, created_at)
    SELECT new.card_no, new.id, 'physical', 'active', new.created_at WHERE new.card_no IS NOT NULL;
  UPDATE members SET card_no = NULL,
    uid = coalesce (uid, lower (hex (randomblob (16)))),
    level_since = coalesce (level_since, created_at)
    WHERE id = new.id;
  UPDATE members SET uid = substr (uid, 1, 8) || '-' || substr (uid, 9, 4) || '-4'
    || substr (uid, 14, 3) || '-' || substr ('89ab', 1 + (unicode (substr (uid, 17, 1)) % 4), 1)
    || substr (uid, 18, 3) || '-' || substr (uid, 21, 12)
    WHERE id = new.id AND length (uid) = 32;
END;

-- staff_cards: a staff member's cards (a card reader's UID or a scanned
-- staff card code), kept only as a BLAKE2b-256 hash keyed with the same
-- store key (src/staff-card.c): a short UID cannot be searched from a copy
-- of the store file alone, and nothing of it is ever journaled.
CREATE TABLE staff_cards (
  card_hash BLOB PRIMARY KEY CHECK (length (card_hash) = 32),
  number    TEXT NOT NULL REFERENCES staff (number),
  added_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX staff_cards_number ON staff_cards (number);
