-- 0006-gift-cards.sql — prepaid gift cards (购物卡/礼品卡): card types sold
-- as catalog products at their face value, card stock imported as serials
-- with a secret (卡密, kept only as an argon2id hash), activation in the sale
-- that sells the card, an append-only balance ledger per card, spending as
-- a tender (partial, given back exactly on return), redemption of the whole
-- balance into a member's stored value (as principal), registration to a
-- member (记名), transfer between members, freeze and report-lost (挂失).
-- Money is INTEGER fen, times INTEGER unix seconds.
--
-- sv_ledger is rebuilt (the only earlier table touched beyond ADD COLUMN):
-- its kind CHECK gains 'gift_card' — a redemption into stored value — and
-- the row names the card it came from. Every row, id, index and trigger is
-- kept; the sequence carries on from the highest id.

-- ---- card types ------------------------------------------------------------------
-- A card type is sold by exactly one SKU (tax 0%: VAT is due when the card
-- is spent, not when it is sold) whose list price is the face value.
-- valid_days NULL: the card never expires; else it expires that many days
-- after activation.
CREATE TABLE gift_card_types (
  code       TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  sku_id     INTEGER NOT NULL UNIQUE REFERENCES skus (id),
  face_value INTEGER NOT NULL CHECK (face_value > 0),
  valid_days INTEGER CHECK (valid_days IS NULL OR valid_days > 0),
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- ---- cards -----------------------------------------------------------------------
-- status: inactive (in stock, worth nothing) → active (sold; sale_id is the
-- sale that activated it) → inactive again only when that sale's card line
-- is returned unused. hold: frozen (fraud, stolen stock) or lost (挂失, a
-- registered card only): no spend, redeem, transfer or sale while held.
-- balance is a cache of the card's ledger (`mallposctl check` proves it).
-- PIN failures persist; locked_at is set at the fifth and cleared by a
-- supervisor.
CREATE TABLE gift_cards (
  id           INTEGER PRIMARY KEY,
  serial       TEXT NOT NULL UNIQUE,
  type_code    TEXT NOT NULL REFERENCES gift_card_types (code),
  face_value   INTEGER NOT NULL CHECK (face_value > 0),
  pin_hash     TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'inactive' CHECK (status IN ('inactive', 'active')),
  hold         TEXT CHECK (hold IS NULL OR hold IN ('frozen', 'lost')),
  balance      INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
  member_id    INTEGER REFERENCES members (id),
  sale_id      TEXT REFERENCES sales (id),
  activated_at INTEGER,
  expires_at   INTEGER,
  pin_failures INTEGER NOT NULL DEFAULT 0 CHECK (pin_failures >= 0),
  locked_at    INTEGER,
  batch        TEXT,
  imported_at  INTEGER NOT NULL,
  CHECK (status = 'active' OR (balance = 0 AND member_id IS NULL AND sale_id IS NULL
                               AND activated_at IS NULL AND expires_at IS NULL)),
  CHECK (status = 'inactive' OR (sale_id IS NOT NULL AND activated_at IS NOT NULL)),
  CHECK (hold IS NOT 'lost' OR member_id IS NOT NULL)
);
CREATE INDEX gift_cards_member ON gift_cards (member_id) WHERE member_id IS NOT NULL;
CREATE INDEX gift_cards_type ON gift_cards (type_code, status);

CREATE TRIGGER gift_cards_fixed BEFORE UPDATE OF id, serial, type_code, face_value, pin_hash,
  batch, imported_at ON gift_cards
BEGIN
  SELECT RAISE (ABORT, 'a gift card''s serial, type, face value and secret never change');
END;
CREATE TRIGGER gift_cards_no_delete BEFORE DELETE ON gift_cards
BEGIN
  SELECT RAISE (ABORT, 'gift cards are never deleted');
END;

-- ---- the card ledger (append-only) -------------------------------------------------
-- One row per movement or event of a card. amount moves the balance:
--   activate   +face value, in the sale (sale_id, line_no) that sold it
--   deactivate −face value, in the return (sale_id, line_no) of that line;
--              corrects the activation
--   spend      −, a tender (sale_id, tender_seq) of a sale
--   refund     +, a refund tender (sale_id, tender_seq) of a return;
--              corrects the spend it gives back
--   redeem     −the whole balance, into member_id's stored value
-- and, with amount 0: register / transfer (member_id: the new owner),
-- freeze / lost / unfreeze (reason). action_id names the business action
-- and is the ref_id of its journal entry.
CREATE TABLE gift_card_ledger (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  card_id     INTEGER NOT NULL REFERENCES gift_cards (id),
  kind        TEXT NOT NULL CHECK (kind IN ('activate', 'deactivate', 'spend', 'refund', 'redeem',
                'register', 'transfer', 'freeze', 'lost', 'unfreeze')),
  amount      INTEGER NOT NULL,
  action_id   TEXT NOT NULL,
  sale_id     TEXT REFERENCES sales (id),
  line_no     INTEGER,
  tender_seq  INTEGER,
  member_id   INTEGER REFERENCES members (id),
  corrects    INTEGER REFERENCES gift_card_ledger (id),
  reason      TEXT,
  actor       TEXT,
  approved_by TEXT,
  created_at  INTEGER NOT NULL,
  CHECK (kind IN ('activate', 'deactivate', 'spend', 'refund', 'redeem') OR amount = 0),
  CHECK (kind <> 'activate' OR (amount > 0 AND sale_id IS NOT NULL AND line_no IS NOT NULL)),
  CHECK (kind <> 'deactivate' OR (amount < 0 AND sale_id IS NOT NULL AND line_no IS NOT NULL
                                  AND corrects IS NOT NULL)),
  CHECK (kind <> 'spend' OR (amount < 0 AND sale_id IS NOT NULL AND tender_seq IS NOT NULL)),
  CHECK (kind <> 'refund' OR (amount > 0 AND sale_id IS NOT NULL AND tender_seq IS NOT NULL
                              AND corrects IS NOT NULL)),
  CHECK (kind <> 'redeem' OR (amount < 0 AND member_id IS NOT NULL)),
  CHECK (kind NOT IN ('register', 'transfer') OR member_id IS NOT NULL)
);
CREATE INDEX gift_card_ledger_card ON gift_card_ledger (card_id, id);
CREATE INDEX gift_card_ledger_sale ON gift_card_ledger (sale_id) WHERE sale_id IS NOT NULL;
CREATE INDEX gift_card_ledger_action ON gift_card_ledger (action_id);

CREATE TRIGGER gift_card_ledger_no_update BEFORE UPDATE ON gift_card_ledger
BEGIN
  SELECT RAISE (ABORT, 'the gift card ledger is append-only: correct it with a new entry');
END;
CREATE TRIGGER gift_card_ledger_no_delete BEFORE DELETE ON gift_card_ledger
BEGIN
  SELECT RAISE (ABORT, 'the gift card ledger is append-only: correct it with a new entry');
END;

-- ---- stored value: redemption of a gift card ---------------------------------------
-- As 0003 made it, plus kind 'gift_card' (principal > 0, bonus 0, the card
-- in gift_card_id). Redeemed card money is principal: real money the store
-- holds; it has no top-up record, so `refund-top-up` never pays it out.
CREATE TABLE sv_ledger_v6 (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  member_id    INTEGER NOT NULL REFERENCES members (id),
  kind         TEXT NOT NULL CHECK (kind IN ('top_up', 'spend', 'refund', 'top_up_refund',
                 'gift_card')),
  principal    INTEGER NOT NULL,
  bonus        INTEGER NOT NULL,
  action_id    TEXT NOT NULL,
  sale_id      TEXT REFERENCES sales (id),
  top_up_id    TEXT REFERENCES sv_top_ups (id),
  corrects     INTEGER REFERENCES sv_ledger_v6 (id),
  created_at   INTEGER NOT NULL,
  gift_card_id INTEGER REFERENCES gift_cards (id),
  CHECK (kind NOT IN ('spend', 'refund') OR sale_id IS NOT NULL),
  CHECK (kind NOT IN ('top_up', 'top_up_refund') OR top_up_id IS NOT NULL),
  CHECK (kind <> 'gift_card' OR (gift_card_id IS NOT NULL AND principal > 0 AND bonus = 0))
);
INSERT INTO sv_ledger_v6 (id, member_id, kind, principal, bonus, action_id, sale_id, top_up_id,
                          corrects, created_at)
  SELECT id, member_id, kind, principal, bonus, action_id, sale_id, top_up_id, corrects, created_at
  FROM sv_ledger ORDER BY id;
DROP TABLE sv_ledger;
ALTER TABLE sv_ledger_v6 RENAME TO sv_ledger;
CREATE INDEX sv_ledger_member ON sv_ledger (member_id, id);
CREATE INDEX sv_ledger_sale ON sv_ledger (sale_id) WHERE sale_id IS NOT NULL;
CREATE INDEX sv_ledger_gift_card ON sv_ledger (gift_card_id) WHERE gift_card_id IS NOT NULL;

CREATE TRIGGER sv_ledger_no_update BEFORE UPDATE ON sv_ledger
BEGIN
  SELECT RAISE (ABORT, 'the stored-value ledger is append-only: correct it with a new entry');
END;
CREATE TRIGGER sv_ledger_no_delete BEFORE DELETE ON sv_ledger
BEGIN
  SELECT RAISE (ABORT, 'the stored-value ledger is append-only: correct it with a new entry');
END;
