-- 0042-exchange-proofs.sql — the member's proof behind a points exchange
-- (积分兑换, issue 15). Points are money at the desk as at the till: an
-- exchange above the store's no-proof limit (loyalty rules points.burn
-- no_proof_max, no_proof_daily_cap) needs the member's payment PIN, their
-- member code or their card on the chip reader (src/points-exchange.c). The
-- exchange's own row is sealed in its chain and never rewritten, so what
-- proved it is a row of its own here, written in the exchange's
-- transaction; an exchange without a row was made without proof and counts
-- towards the member's daily no-proof cap (src/spend-proof.c).
CREATE TABLE points_exchange_proofs (
  exchange_id TEXT PRIMARY KEY REFERENCES points_exchanges (id),
  proven_by   TEXT NOT NULL CHECK (proven_by = 'payment_pin' OR proven_by = 'member_qr'
                                   OR proven_by = 'member_card')
) WITHOUT ROWID;
CREATE TRIGGER points_exchange_proofs_fixed BEFORE UPDATE ON points_exchange_proofs
BEGIN
  SELECT RAISE (ABORT, 'points_exchange_proofs is append-only');
END;
CREATE TRIGGER points_exchange_proofs_kept BEFORE DELETE ON points_exchange_proofs
BEGIN
  SELECT RAISE (ABORT, 'points_exchange_proofs is append-only');
END;
