-- 0002-members.sql — members at the counter: several cards per member (lost
-- and replaced cards stop working), a globally unique id and a QR secret per
-- member, birthday, gender, referrer, member groups with their own discount,
-- level benefits (points multiplier, birthday) and level rules (upgrade and
-- retention thresholds). Upgrades a 0001 store that already holds members:
-- every existing card moves to member_cards, every member gets a uid and a
-- secret. Only ALTER TABLE … ADD COLUMN touches the 0001 tables, so sales that
-- point at members are never rebuilt.

-- ---- level benefits and rules -----------------------------------------------
-- Multipliers are basis points of the base earn (10000 = ×1). A rule threshold
-- of NULL is not a criterion; a level with no threshold at all is assigned by
-- hand and never expires. Spend and top-up are fen, points are points, all
-- counted within the level period (setting member.level_period_months).
ALTER TABLE member_levels ADD COLUMN points_multiplier_bp INTEGER NOT NULL DEFAULT 10000
  CHECK (points_multiplier_bp BETWEEN 0 AND 100000);
ALTER TABLE member_levels ADD COLUMN birthday_points_multiplier_bp INTEGER NOT NULL DEFAULT 10000
  CHECK (birthday_points_multiplier_bp BETWEEN 0 AND 100000);
ALTER TABLE member_levels ADD COLUMN birthday_bonus_points INTEGER NOT NULL DEFAULT 0
  CHECK (birthday_bonus_points >= 0);
ALTER TABLE member_levels ADD COLUMN upgrade_spend INTEGER CHECK (upgrade_spend > 0);
ALTER TABLE member_levels ADD COLUMN upgrade_points INTEGER CHECK (upgrade_points > 0);
ALTER TABLE member_levels ADD COLUMN upgrade_top_up INTEGER CHECK (upgrade_top_up > 0);
ALTER TABLE member_levels ADD COLUMN retain_spend INTEGER CHECK (retain_spend > 0);
ALTER TABLE member_levels ADD COLUMN retain_points INTEGER CHECK (retain_points > 0);
ALTER TABLE member_levels ADD COLUMN retain_top_up INTEGER CHECK (retain_top_up > 0);

-- ---- groups (员工, 企业客户 …): a discount of their own ---------------------------
-- Pricing gives a member the larger of the level's and the group's discount.
CREATE TABLE member_groups (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000)
) WITHOUT ROWID;

-- ---- members ---------------------------------------------------------------------
-- uid: the member's globally unique id (UUID), the ref_id of their journal
-- entries. qr_secret: 32 random bytes behind the dynamic member QR code
-- (src/member-qr.h). level_since/level_expires_at: the current level period;
-- NULL expiry on a level with rules means the period starts at the next
-- `member levels-evaluate`.
ALTER TABLE members ADD COLUMN uid TEXT;
ALTER TABLE members ADD COLUMN birthday TEXT
  CHECK (birthday IS NULL OR birthday GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
ALTER TABLE members ADD COLUMN gender TEXT CHECK (gender IS NULL OR gender IN ('female', 'male'));
ALTER TABLE members ADD COLUMN referrer_id INTEGER REFERENCES members (id);
ALTER TABLE members ADD COLUMN group_code TEXT REFERENCES member_groups (code);
ALTER TABLE members ADD COLUMN qr_secret BLOB CHECK (qr_secret IS NULL OR length (qr_secret) = 32);
ALTER TABLE members ADD COLUMN level_since INTEGER;
ALTER TABLE members ADD COLUMN level_expires_at INTEGER;

-- ---- cards -----------------------------------------------------------------------
-- Every card a member ever held. Only an active card finds its member; a lost
-- or replaced one says so and names its replacement. Balances belong to the
-- member, never to a card, so replacing a card moves nothing.
CREATE TABLE member_cards (
  card_no     TEXT PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES members (id),
  kind        TEXT NOT NULL CHECK (kind IN ('physical', 'virtual')),
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lost', 'replaced')),
  replaced_by TEXT REFERENCES member_cards (card_no),
  created_at  INTEGER NOT NULL,
  status_at   INTEGER,
  CHECK (status <> 'replaced' OR replaced_by IS NOT NULL),
  CHECK (status <> 'active' OR replaced_by IS NULL)
) WITHOUT ROWID;
CREATE INDEX member_cards_member ON member_cards (member_id, status);

-- The cards of 0001 members move here; members.card_no is retired (SQLite
-- cannot drop a UNIQUE column) and stays NULL from now on.
INSERT INTO member_cards (card_no, member_id, kind, status, created_at)
  SELECT card_no, id, 'physical', 'active', created_at FROM members WHERE card_no IS NOT NULL;
UPDATE members SET card_no = NULL WHERE card_no IS NOT NULL;

-- A random (version 4) UUID for each existing member: 32 hex digits first,
-- then dressed as 8-4-4-4-12 with the version and variant nibbles set.
UPDATE members SET uid = lower (hex (randomblob (16))), qr_secret = randomblob (32);
UPDATE members SET uid = substr (uid, 1, 8) || '-' || substr (uid, 9, 4) || '-4'
  || substr (uid, 14, 3) || '-' || substr ('89ab', 1 + (unicode (substr (uid, 17, 1)) % 4), 1)
  || substr (uid, 18, 3) || '-' || substr (uid, 21, 12)
  WHERE length (uid) = 32;
UPDATE members SET level_since = created_at;

CREATE UNIQUE INDEX members_uid ON members (uid);
-- Lookup by the last four digits of the phone (choose from the matches).
CREATE INDEX members_phone_tail ON members (substr (phone, -4)) WHERE phone IS NOT NULL;
CREATE INDEX members_referrer ON members (referrer_id) WHERE referrer_id IS NOT NULL;
-- Spend per member in a period: level rules and tags.
CREATE INDEX sales_member ON sales (member_id, created_at) WHERE member_id IS NOT NULL;

-- Writers that still know only the 0001 columns (an old import, a raw
-- fixture) keep working: their card moves to member_cards and the member gets
-- the uid and secret that ADD COLUMN could not give as a default.
CREATE TRIGGER members_insert_defaults AFTER INSERT ON members
WHEN new.card_no IS NOT NULL OR new.uid IS NULL OR new.qr_secret IS NULL
BEGIN
  INSERT INTO member_cards (card_no, member_id, kind, status, created_at)
    SELECT new.card_no, new.id, 'physical', 'active', new.created_at WHERE new.card_no IS NOT NULL;
  UPDATE members SET card_no = NULL, qr_secret = coalesce (qr_secret, randomblob (32)),
    uid = coalesce (uid, lower (hex (randomblob (16)))),
    level_since = coalesce (level_since, created_at)
    WHERE id = new.id;
  UPDATE members SET uid = substr (uid, 1, 8) || '-' || substr (uid, 9, 4) || '-4'
    || substr (uid, 14, 3) || '-' || substr ('89ab', 1 + (unicode (substr (uid, 17, 1)) % 4), 1)
    || substr (uid, 18, 3) || '-' || substr (uid, 21, 12)
    WHERE id = new.id AND length (uid) = 32;
END;

-- Settings this migration introduces (defaults apply while absent):
--   member.phone_display       masked | full     (default masked: 138****8000)
--   member.level_period_months 1..120            (default 12)
--   member.tags.*              see src/member-tags.h
