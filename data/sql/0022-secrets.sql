-- 0022-secrets.sql — training stores and the proof behind stored-value spends.
--
-- training_mode: one row in a training store (练习模式), none in a production
-- store. `mallposctl init --training` writes it into a new store, before any
-- business; nothing ever removes or changes it, and no store that has
-- journalled anything can become one: a production store cannot be turned
-- into one to replay its clock (MALLPOS_NOW is honoured only here,
-- src/clock.c), and a training store's sales can never pass for business.
CREATE TABLE training_mode (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  since INTEGER NOT NULL
);
CREATE TRIGGER training_mode_no_update BEFORE UPDATE ON training_mode
BEGIN
  SELECT RAISE (ABORT, 'a training store stays a training store');
END;
CREATE TRIGGER training_mode_no_delete BEFORE DELETE ON training_mode
BEGIN
  SELECT RAISE (ABORT, 'a training store stays a training store');
END;
CREATE TRIGGER training_mode_only_new BEFORE INSERT ON training_mode
WHEN EXISTS (SELECT 1 FROM journal)
BEGIN
  SELECT RAISE (ABORT, 'only a new store can become a training store');
END;

-- The member's proof behind each stored-value tender of a sale (src/
-- stored-value-proof.c): the payment PIN, the member's dynamic QR code, the
-- physical member card, or none (within the store's daily no-proof cap,
-- summed here per member and business day). Written once with the sale.
CREATE TABLE sv_spend_proofs (
  sale_id    TEXT NOT NULL REFERENCES sales (id),
  tender_seq INTEGER NOT NULL,
  member_id  INTEGER NOT NULL REFERENCES members (id),
  proof      TEXT NOT NULL CHECK (proof = 'pin' OR proof = 'qr' OR proof = 'card' OR proof = 'none'),
  amount     INTEGER NOT NULL CHECK (amount > 0),
  day        TEXT NOT NULL,
  PRIMARY KEY (sale_id, tender_seq)
);
CREATE INDEX sv_spend_proofs_no_proof ON sv_spend_proofs (member_id, day) WHERE proof = 'none';
CREATE TRIGGER sv_spend_proofs_no_update BEFORE UPDATE ON sv_spend_proofs
BEGIN
  SELECT RAISE (ABORT, 'a stored-value spend''s proof never changes');
END;
