/* integrity.c — `mallposctl check` (integrity.h), in this order: SQLite's
 * integrity_check and foreign_key_check, the settings (settings-check.c),
 * the table below — each check one query whose rows are problems, with a
 * sentence that names the record and the two numbers that disagree (cached
 * stock and balances against their ledgers, sales against their lines and
 * tenders, every money action against its journal entry) — and the hash
 * chains of the append-only tables (row-chain.c). Damage SQLite finds marks
 * the store damaged, which stops sales until a check passes
 * (store-damage.c). The summaries the analyses read are checked in
 * integrity-summary.c; shifts have no check here yet. */
#include "integrity.h"
#include "integrity-summary.h"
#include "row-chain.h"
#include "settings-check.h"
#include "store-private.h"

#include <string.h>

typedef struct
{
  const char *name;
  const char *sql;    /* each row is a problem; columns feed the format */
  const char *format; /* printf over up to four text columns */
} IntegrityCheck;

static const IntegrityCheck checks[] = {
  /* skus.stock_qty sums the movements folded into it (src/stock.h) */
  { "stock",
    "SELECT s.code, s.stock_qty, coalesce(m.q, 0), '' FROM skus s "
    "LEFT JOIN (SELECT sku_id, sum(qty) q FROM stock_movements WHERE id <= coalesce((SELECT "
    "value FROM counters WHERE name = 'stock_folded_through'), 0) GROUP BY sku_id) m "
    "ON m.sku_id = s.id WHERE s.stock_qty <> coalesce(m.q, 0)",
    "stock of SKU %s is %s but its folded movements add up to %s%s" },
  { "stock fold",
    "SELECT value, (SELECT coalesce(max(id), 0) FROM stock_movements), '', '' FROM counters "
    "WHERE name = 'stock_folded_through' "
    "AND value > (SELECT coalesce(max(id), 0) FROM stock_movements)",
    "stock is marked folded through movement %s but the last movement is %s%s%s" },
  /* a line's SKU, which the line table's foreign key guarded before 0014 */
  { "sale line SKUs",
    "SELECT s.receipt_no, l.line_no, l.sku_id, '' FROM sales s JOIN sale_lines l "
    "ON l.sale_id = s.id LEFT JOIN skus k ON k.id = l.sku_id WHERE k.id IS NULL",
    "sale %s line %s: SKU %s does not exist%s" },
  { "sale totals",
    "SELECT s.receipt_no, s.total, coalesce(l.n, 0), s.subtotal || '/' || coalesce(l.g, 0) "
    "FROM sales s LEFT JOIN (SELECT sale_id, sum(gross) g, sum(net) n, sum(tax) t "
    "FROM sale_lines GROUP BY sale_id) l ON l.sale_id = s.id "
    "WHERE coalesce(l.g, 0) <> s.subtotal OR coalesce(l.n, 0) <> s.total "
    "OR coalesce(l.t, 0) <> s.tax_total OR s.discount_total + s.rounding <> s.total - s.subtotal",
    "sale %s: total %s fen but its lines add up to %s fen (subtotal/lines gross %s)" },
  { "line adjustments",
    "SELECT s.receipt_no, l.line_no, l.net, l.gross + coalesce(a.sum, 0) FROM sale_lines l "
    "JOIN sales s ON s.id = l.sale_id LEFT JOIN (SELECT sale_id, line_no, sum(amount) sum "
    "FROM line_adjustments GROUP BY sale_id, line_no) a "
    "ON a.sale_id = l.sale_id AND a.line_no = l.line_no "
    "WHERE s.kind = 'sale' AND l.net <> l.gross + coalesce(a.sum, 0)",
    "sale %s line %s: net %s fen but gross plus adjustments is %s fen" },
  { "tenders",
    /* a return may keep back the value of earned points already spent (0026) */
    "SELECT s.receipt_no, s.tendered, coalesce(t.sum, 0), "
    "s.total + s.change + coalesce(s.points_deduction, 0) FROM sales s "
    "LEFT JOIN (SELECT sale_id, sum(amount) sum FROM tenders GROUP BY sale_id) t "
    "ON t.sale_id = s.id WHERE s.status = 'completed' AND (s.tendered <> coalesce(t.sum, 0) "
    "OR s.tendered - s.change - coalesce(s.points_deduction, 0) <> s.total)",
    "sale %s: tendered %s fen, payments add up to %s fen, total plus change (and points "
    "deduction) is %s fen" },
  { "returns",
    "SELECT o.receipt_no, ol.line_no, ol.qty, r.qty FROM sale_lines ol "
    "JOIN sales o ON o.id = ol.sale_id JOIN (SELECT s.original_sale_id sid, l.original_line_no "
    "lno, sum(l.qty) qty, sum(l.net) net FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
    "WHERE s.kind = 'return' AND s.original_sale_id IS NOT NULL GROUP BY 1, 2) r "
    "ON r.sid = ol.sale_id AND r.lno = ol.line_no WHERE r.qty > ol.qty OR -r.net > ol.net",
    "sale %s line %s: sold %s but %s were returned (or refunded beyond what was paid)" },
  { "journal",
    "SELECT s.receipt_no, s.kind, '', '' FROM sales s "
    "LEFT JOIN (SELECT DISTINCT ref_id FROM journal) j ON j.ref_id = s.id WHERE j.ref_id IS NULL",
    "%s (%s) has no sync journal entry%s%s" },
  /* a ledger row's sale is its action: rows of a sale are found by action */
  { "ledger actions",
    "SELECT 'points', id, sale_id, action_id FROM points_ledger "
    "WHERE sale_id IS NOT NULL AND sale_id <> action_id UNION ALL "
    "SELECT 'stored-value', id, sale_id, action_id FROM sv_ledger "
    "WHERE sale_id IS NOT NULL AND sale_id <> action_id",
    "%s ledger row %s names sale %s but belongs to action %s" },
  /* the global id is a UUIDv7 and the unique index journal_id refuses a second
   * entry with it; this names one a file edited around SQLite (index dropped) holds */
  { "journal ids",
    "SELECT id, count(*), group_concat(seq, ', '), '' FROM journal GROUP BY id HAVING count(*) > 1",
    "journal id %s is used %s times (entries %s)%s" },
  { "journal sequence",
    "SELECT count(*), min(seq), max(seq), '' FROM journal "
    "HAVING count(*) > 0 AND max(seq) - min(seq) + 1 <> count(*)",
    "the sync journal has gaps: %s entries between %s and %s%s" },
  /* ---- points and stored value: balances = ledgers ---- */
  { "points balances",
    "SELECT m.id, m.points_available || '/' || m.points_pending, "
    "coalesce(l.a, 0) || '/' || coalesce(l.p, 0), '' FROM members m LEFT JOIN (SELECT member_id, "
    "sum(available) a, sum(pending) p FROM points_ledger GROUP BY member_id) l "
    "ON l.member_id = m.id WHERE m.points_available <> coalesce(l.a, 0) "
    "OR m.points_pending <> coalesce(l.p, 0)",
    "member %s: points available/pending %s but the points ledger adds up to %s%s" },
  { "points lots",
    "SELECT lot.id, lot.remaining, coalesce(e.n, 0), '' FROM points_lots lot "
    "LEFT JOIN (SELECT lot_id, sum(available + pending) n FROM points_ledger GROUP BY lot_id) e "
    "ON e.lot_id = lot.id WHERE lot.remaining <> coalesce(e.n, 0)",
    "points lot %s holds %s points but its ledger rows add up to %s%s" },
  /* a member may owe points (0026): rows without a lot, which the lots do not hold */
  { "points lots by status",
    "SELECT m.id, m.points_available || '/' || m.points_pending, "
    "coalesce(x.c, 0) || '/' || coalesce(x.p, 0), ' less ' || m.points_owed || ' owed' "
    "FROM members m LEFT JOIN (SELECT member_id, "
    "sum(CASE WHEN status = 'confirmed' THEN remaining ELSE 0 END) c, "
    "sum(CASE WHEN status = 'pending' THEN remaining ELSE 0 END) p FROM points_lots "
    "GROUP BY member_id) x ON x.member_id = m.id "
    "WHERE m.points_available <> coalesce(x.c, 0) - m.points_owed "
    "OR m.points_pending <> coalesce(x.p, 0)",
    "member %s: points available/pending %s but the confirmed/pending lots hold %s%s" },
  { "points owed",
    "SELECT m.id, m.points_owed, -coalesce(d.n, 0), '' FROM members m LEFT JOIN (SELECT member_id, "
    "sum(available) n FROM points_ledger WHERE lot_id IS NULL GROUP BY member_id) d "
    "ON d.member_id = m.id WHERE m.points_owed <> -coalesce(d.n, 0)",
    "member %s owes %s points but the ledger's rows without a lot add up to %s owed%s" },
  { "points lot buckets",
    "SELECT lot.id, lot.status, e.a, e.p FROM points_lots lot "
    "JOIN (SELECT lot_id, sum(available) a, sum(pending) p FROM points_ledger GROUP BY lot_id) e "
    "ON e.lot_id = lot.id "
    "WHERE (lot.status = 'confirmed' AND e.p <> 0) OR (lot.status <> 'confirmed' AND e.a <> 0)",
    "points lot %s is %s but its rows add %s available and %s pending points" },
  { "points freeze",
    "SELECT m.id, m.points_frozen, coalesce(f.kind, 'none'), '' FROM members m LEFT JOIN "
    "(SELECT member_id, kind FROM points_ledger WHERE id IN (SELECT max(id) FROM points_ledger "
    "WHERE kind IN ('freeze', 'unfreeze') GROUP BY member_id)) f ON f.member_id = m.id "
    "WHERE m.points_frozen <> (coalesce(f.kind, 'unfreeze') = 'freeze')",
    "member %s: frozen flag %s but the last freeze record is %s%s" },
  { "loyalty tenders",
    "SELECT s.receipt_no, coalesce(t.p, 0) || '/' || coalesce(t.v, 0), "
    "coalesce(y.p, 0) || '/' || coalesce(y.v, 0), '' FROM sales s LEFT JOIN (SELECT sale_id, "
    "sum(CASE WHEN type = 'points' THEN amount END) p, "
    "sum(CASE WHEN type = 'stored_value' THEN amount END) v FROM tenders GROUP BY sale_id) t "
    "ON t.sale_id = s.id LEFT JOIN (SELECT sale_id, sum(points_value) p, "
    "sum(sv_principal + sv_bonus) v FROM loyalty_lines GROUP BY sale_id) y ON y.sale_id = s.id "
    "WHERE coalesce(t.p, 0) <> coalesce(y.p, 0) OR coalesce(t.v, 0) <> coalesce(y.v, 0)",
    "sale %s: points/stored-value payments %s fen but its lines were allocated %s fen%s" },
  { "loyalty ledgers of sales",
    "SELECT s.receipt_no, coalesce(y.b, 0), coalesce(p.b, 0), "
    "coalesce(y.sp, 0) || '/' || coalesce(y.sb, 0) || ' vs ' || coalesce(v.p, 0) || '/' "
    "|| coalesce(v.b, 0) FROM sales s LEFT JOIN (SELECT sale_id, sum(points_burnt) b, "
    "sum(sv_principal) sp, sum(sv_bonus) sb FROM loyalty_lines GROUP BY sale_id) y "
    "ON y.sale_id = s.id LEFT JOIN (SELECT sale_id, -sum(available) b FROM points_ledger "
    "WHERE kind IN ('burn', 'restore') GROUP BY sale_id) p ON p.sale_id = s.id "
    "LEFT JOIN (SELECT sale_id, -sum(principal) p, -sum(bonus) b FROM sv_ledger "
    "WHERE kind IN ('spend', 'refund') GROUP BY sale_id) v ON v.sale_id = s.id "
    "WHERE coalesce(y.b, 0) <> coalesce(p.b, 0) OR coalesce(y.sp, 0) <> coalesce(v.p, 0) "
    "OR coalesce(y.sb, 0) <> coalesce(v.b, 0)",
    "sale %s: its lines burnt %s points but the points ledger burnt %s; stored value "
    "principal/bonus lines vs ledger %s" },
  { "points earned by sales",
    "SELECT s.receipt_no, coalesce(y.e, 0), coalesce(l.earned, 0), '' FROM sales s "
    "LEFT JOIN (SELECT sale_id, sum(points_earned) e FROM loyalty_lines GROUP BY sale_id) y "
    "ON y.sale_id = s.id LEFT JOIN (SELECT sale_id, sum(earned) earned FROM points_lots "
    "WHERE source = 'sale' GROUP BY sale_id) l ON l.sale_id = s.id "
    "WHERE s.kind = 'sale' AND coalesce(y.e, 0) <> coalesce(l.earned, 0)",
    "sale %s: its lines earned %s points but its lot holds %s%s" },
  /* a sale's conditional bonus (sale_bonuses): its lot, its action and its measure's lines agree */
  { "sale bonuses",
    "SELECT s.receipt_no, b.lot_id, coalesce(l.earned, 0) || '/' || b.points, "
    "coalesce(e.action_id, '-') || ', lines ' || coalesce((SELECT sum(json_extract(j.value, '$[1]')) "
    "FROM json_each(b.lines) j), 0) || '/' || b.measure FROM sale_bonuses b "
    "JOIN sales s ON s.id = b.sale_id LEFT JOIN points_lots l ON l.id = b.lot_id "
    "LEFT JOIN points_ledger e ON e.lot_id = b.lot_id AND e.kind = 'earn' "
    "WHERE l.id IS NULL OR l.earned <> b.points OR e.action_id IS NOT b.sale_id "
    "OR coalesce((SELECT sum(json_extract(j.value, '$[1]')) FROM json_each(b.lines) j), 0) "
    "<> b.measure OR EXISTS (SELECT 1 FROM json_each(b.lines) j "
    "WHERE json_type(j.value, '$[0]') <> 'integer' OR json_type(j.value, '$[1]') <> 'integer') "
    "OR (SELECT -coalesce(sum(r.available + r.pending), 0) FROM points_ledger r "
    "WHERE r.corrects = e.id AND r.kind = 'reverse') > b.points",
    "sale %s: bonus lot %s earned/granted %s points; earn action, measure lines/total %s" },
  /* a burn given back (a return, a cancelled exchange) never comes back twice */
  { "points restores",
    "SELECT b.id, b.action_id, -b.available, sum(r.available) FROM points_ledger b "
    "JOIN points_ledger r ON r.corrects = b.id AND r.kind = 'restore' WHERE b.kind = 'burn' "
    "GROUP BY b.id HAVING sum(r.available) > -b.available",
    "points burn %s (action %s) took %s points but %s were given back" },
  { "loyalty returned",
    "SELECT o.receipt_no, y.line_no, x.b || '/' || x.v || '/' || x.p || '/' || x.bo || '/' || x.e, "
    "y.points_burnt || '/' || y.points_value || '/' || y.sv_principal || '/' || y.sv_bonus || '/' "
    "|| y.points_earned FROM loyalty_lines y JOIN sales o ON o.id = y.sale_id AND o.kind = 'sale' "
    "JOIN sale_lines ol ON ol.sale_id = y.sale_id AND ol.line_no = y.line_no "
    "JOIN (SELECT s.original_sale_id sid, l.original_line_no lno, sum(l.qty) q, "
    "-sum(r.points_burnt) b, -sum(r.points_value) v, -sum(r.sv_principal) p, -sum(r.sv_bonus) bo, "
    "-sum(r.points_earned) e FROM loyalty_lines r JOIN sale_lines l ON l.sale_id = r.sale_id "
    "AND l.line_no = r.line_no JOIN sales s ON s.id = r.sale_id WHERE s.kind = 'return' "
    "GROUP BY 1, 2) x ON x.sid = y.sale_id AND x.lno = y.line_no "
    "WHERE x.b > y.points_burnt OR x.v > y.points_value OR x.p > y.sv_principal "
    "OR x.bo > y.sv_bonus OR x.e > y.points_earned OR (x.q >= ol.qty AND (x.b, x.v, x.p, x.bo, "
    "x.e) <> (y.points_burnt, y.points_value, y.sv_principal, y.sv_bonus, y.points_earned))",
    "sale %s line %s: returns gave back %s (points/value/principal/bonus/earned) of %s" },
  { "stored-value balances",
    "SELECT m.id, m.sv_principal || '/' || m.sv_bonus, coalesce(l.p, 0) || '/' || coalesce(l.b, 0), "
    "'' FROM members m LEFT JOIN (SELECT member_id, sum(principal) p, sum(bonus) b FROM sv_ledger "
    "GROUP BY member_id) l ON l.member_id = m.id WHERE m.sv_principal <> coalesce(l.p, 0) "
    "OR m.sv_bonus <> coalesce(l.b, 0)",
    "member %s: stored value principal/bonus %s fen but the ledger adds up to %s%s" },
  { "top-ups",
    "SELECT t.receipt_no, t.principal || '/' || t.bonus, "
    "coalesce(sum(e.principal), 0) || '/' || coalesce(sum(e.bonus), 0), '' FROM sv_top_ups t "
    "LEFT JOIN sv_ledger e ON e.action_id = t.id GROUP BY t.id "
    "HAVING t.principal <> coalesce(sum(e.principal), 0) OR t.bonus <> coalesce(sum(e.bonus), 0)",
    "top-up %s: principal/bonus %s fen but its ledger rows add up to %s%s" },
  /* a top-up may be refunded in parts (0018: a return's payout), never beyond itself */
  { "top-up refunds",
    "SELECT t.receipt_no, t.principal, -sum(r.principal), '' FROM sv_top_ups t "
    "JOIN sv_top_ups r ON r.original_id = t.id AND r.kind = 'refund' GROUP BY t.id "
    "HAVING -sum(r.principal) > t.principal",
    "top-up %s: principal %s fen but its refunds paid back %s fen%s" },
  { "loyalty journal",
    "SELECT a.what, a.action_id, '', '' FROM (SELECT DISTINCT action_id, 'points' what "
    "FROM points_ledger UNION SELECT DISTINCT action_id, 'stored value' FROM sv_ledger) a "
    "LEFT JOIN (SELECT DISTINCT ref_id FROM journal) j ON j.ref_id = a.action_id "
    "WHERE j.ref_id IS NULL",
    "%s movements of action %s have no sync journal entry%s%s" },
  /* ---- coupons: status = ledger, discounts = adjustments ---- */
  { "coupon redemptions",
    "SELECT c.code, c.status, coalesce(e.n, 0), coalesce(s.receipt_no, '-') FROM coupons c "
    "LEFT JOIN (SELECT code, sum(kind = 'redeem') - sum(kind = 'restore') n, "
    "max(CASE WHEN kind IN ('redeem', 'restore') THEN id END) last FROM coupon_events "
    "GROUP BY code) e ON e.code = c.code LEFT JOIN coupon_events l ON l.id = e.last "
    "LEFT JOIN sales s ON s.id = c.redeemed_sale_id "
    "WHERE coalesce(e.n, 0) <> (c.status = 'redeemed') OR (c.status = 'redeemed' AND "
    "(s.id IS NULL OR s.kind <> 'sale' OR s.status <> 'completed' OR l.kind <> 'redeem' "
    "OR l.sale_id IS NOT c.redeemed_sale_id))",
    "coupon %s is %s but it has %s redemption(s) not given back (sale %s)" },
  { "coupon discounts",
    "SELECT s.receipt_no, e.code, e.amount, -coalesce(a.sum, 0) FROM coupon_events e "
    "JOIN sales s ON s.id = e.sale_id LEFT JOIN (SELECT sale_id, source, sum(amount) sum "
    "FROM line_adjustments WHERE kind = 'coupon' GROUP BY sale_id, source) a "
    "ON a.sale_id = e.sale_id AND a.source = e.code "
    "WHERE e.kind = 'redeem' AND coalesce(a.sum, 0) <> -e.amount",
    "sale %s: coupon %s gave %s fen but its line adjustments add up to %s fen" },
  { "coupon adjustments",
    "SELECT s.receipt_no, a.source, -sum(a.amount), '' FROM line_adjustments a "
    "JOIN sales s ON s.id = a.sale_id WHERE a.kind = 'coupon' AND NOT EXISTS (SELECT 1 "
    "FROM coupon_events e WHERE e.sale_id = a.sale_id AND e.code = a.source AND e.kind = 'redeem') "
    "GROUP BY a.sale_id, a.source",
    "sale %s: coupon %s took %s fen off its lines but was never redeemed by it%s" },
  { "coupon restores",
    "SELECT e.code, coalesce(r.receipt_no, '-'), coalesce(r.kind, '-'), '' FROM coupon_events e "
    "LEFT JOIN sales r ON r.id = e.sale_id WHERE e.kind = 'restore' AND (r.id IS NULL "
    "OR r.kind <> 'return' OR NOT EXISTS (SELECT 1 FROM coupon_events x WHERE x.code = e.code "
    "AND x.kind = 'redeem' AND x.sale_id = r.original_sale_id))",
    "coupon %s was restored by %s (%s), which is not a return of the sale that used it%s" },
  { "coupon issues",
    "SELECT c.code, count(e.id), '', '' FROM coupons c LEFT JOIN coupon_events e "
    "ON e.code = c.code AND e.kind = 'issue' GROUP BY c.code HAVING count(e.id) <> 1",
    "coupon %s has %s issue records instead of one%s%s" },
  { "coupon exchanges",
    "SELECT e.code, e.points, coalesce(-sum(p.available), 0), '' FROM coupon_events e "
    "LEFT JOIN points_ledger p ON p.action_id = e.action_id AND p.kind = 'burn' "
    "WHERE e.kind = 'issue' AND e.points > 0 GROUP BY e.id "
    "HAVING coalesce(-sum(p.available), 0) <> e.points",
    "coupon %s was exchanged for %s points but the points ledger took %s%s" },
  { "coupon journal",
    "SELECT DISTINCT e.action_id, e.kind, '', '' FROM coupon_events e "
    "LEFT JOIN (SELECT DISTINCT ref_id FROM journal) j ON j.ref_id = e.action_id "
    "WHERE j.ref_id IS NULL",
    "coupon action %s (%s) has no sync journal entry%s%s" },
  /* ---- gift cards: balance = ledger, sales = cards ---- */
  { "gift card balances",
    "SELECT c.serial, c.balance, coalesce(l.s, 0), '' FROM gift_cards c LEFT JOIN (SELECT card_id, "
    "sum(amount) s FROM gift_card_ledger GROUP BY card_id) l ON l.card_id = c.id "
    "WHERE c.balance <> coalesce(l.s, 0)",
    "gift card %s: balance %s fen but its ledger adds up to %s%s" },
  { "gift card activations",
    "SELECT c.serial, c.status, coalesce(x.kind, 'none'), '' FROM gift_cards c LEFT JOIN "
    "(SELECT card_id, kind FROM gift_card_ledger WHERE id IN (SELECT max(id) FROM gift_card_ledger "
    "WHERE kind IN ('activate', 'deactivate') GROUP BY card_id)) x ON x.card_id = c.id "
    "WHERE (c.status = 'active') <> (coalesce(x.kind, '') = 'activate')",
    "gift card %s is %s but its last activation record is %s%s" },
  { "gift card holds",
    "SELECT c.serial, coalesce(c.hold, 'none'), coalesce(x.kind, 'none'), '' FROM gift_cards c "
    "LEFT JOIN (SELECT card_id, kind FROM gift_card_ledger WHERE id IN (SELECT max(id) "
    "FROM gift_card_ledger WHERE kind IN ('freeze', 'lost', 'unfreeze') GROUP BY card_id)) x "
    "ON x.card_id = c.id WHERE coalesce(c.hold, 'none') <> CASE coalesce(x.kind, 'unfreeze') "
    "WHEN 'freeze' THEN 'frozen' WHEN 'lost' THEN 'lost' ELSE 'none' END",
    "gift card %s is held as %s but its last hold record is %s%s" },
  { "gift card lines",
    "SELECT s.receipt_no, e.line_no, e.amount, coalesce(l.net, 'no line') FROM gift_card_ledger e "
    "JOIN sales s ON s.id = e.sale_id LEFT JOIN sale_lines l ON l.sale_id = e.sale_id "
    "AND l.line_no = e.line_no WHERE e.kind IN ('activate', 'deactivate') "
    "AND e.amount IS NOT l.net",
    "sale %s line %s: the card's ledger moved %s fen but the line is %s fen" },
  { "gift card tenders",
    "SELECT s.receipt_no, coalesce(t.v, 0), coalesce(g.v, 0), '' FROM (SELECT sale_id FROM tenders "
    "WHERE type = 'gift_card' UNION SELECT sale_id FROM gift_card_ledger WHERE kind IN ('spend', "
    "'refund')) k JOIN sales s ON s.id = k.sale_id LEFT JOIN (SELECT sale_id, sum(amount) v "
    "FROM tenders WHERE type = 'gift_card' GROUP BY sale_id) t ON t.sale_id = s.id "
    "LEFT JOIN (SELECT sale_id, -sum(amount) v FROM gift_card_ledger WHERE kind IN ('spend', "
    "'refund') GROUP BY sale_id) g ON g.sale_id = s.id WHERE coalesce(t.v, 0) <> coalesce(g.v, 0)",
    "sale %s: gift card payments %s fen but the cards' ledger moved %s fen%s" },
  { "gift card redemptions",
    "SELECT action_id, sum(g), sum(v), '' FROM (SELECT action_id, -amount g, 0 v "
    "FROM gift_card_ledger WHERE kind = 'redeem' UNION ALL SELECT action_id, 0, principal "
    "FROM sv_ledger WHERE kind = 'gift_card') GROUP BY action_id HAVING sum(g) <> sum(v)",
    "redemption %s took %s fen from gift cards but put %s fen into stored value%s" },
  { "gift card journal",
    "SELECT a.action_id, '', '', '' FROM (SELECT DISTINCT action_id FROM gift_card_ledger) a "
    "LEFT JOIN (SELECT DISTINCT ref_id FROM journal) j ON j.ref_id = a.action_id "
    "WHERE j.ref_id IS NULL",
    "gift card movements of action %s have no sync journal entry%s%s%s" },
  /* ---- points exchange ---- */
  { "exchange stock",
    "SELECT i.code, i.stock, coalesce(sum(m.qty), 0), '' FROM exchange_items i "
    "LEFT JOIN exchange_stock m ON m.item_code = i.code GROUP BY i.code "
    "HAVING i.stock <> coalesce(sum(m.qty), 0)",
    "exchange item %s: stock %s but its movements add up to %s%s" },
  { "exchanges",
    "SELECT x.receipt_no, x.qty || '/' || x.points, coalesce(m.q, 0) || '/' || coalesce(p.n, 0), "
    "'' FROM points_exchanges x LEFT JOIN (SELECT exchange_id, -sum(qty) q FROM exchange_stock "
    "WHERE exchange_id IS NOT NULL GROUP BY exchange_id) m ON m.exchange_id = x.id "
    "LEFT JOIN (SELECT action_id, -sum(available) n FROM points_ledger WHERE kind IN ('burn', "
    "'restore') AND action_id IN (SELECT id FROM points_exchanges) GROUP BY action_id) p "
    "ON p.action_id = x.id WHERE x.qty <> coalesce(m.q, 0) OR x.points <> coalesce(p.n, 0)",
    "exchange %s: quantity/points %s but stock and points ledger moved %s%s" },
  { "exchange cancellations",
    "SELECT c.receipt_no, c.qty || '/' || c.points || '/' || c.cash, o.qty || '/' || o.points "
    "|| '/' || o.cash, '' FROM points_exchanges c JOIN points_exchanges o ON o.id = c.original_id "
    "WHERE c.qty <> -o.qty OR c.points <> -o.points OR c.cash <> -o.cash",
    "cancellation %s gives back %s (quantity/points/cash) of %s%s" },
  /* ---- the drawer's ledger (0028, src/shift-cash.c): each movement follows
   * the record it names, and every record that took or gave cash since the
   * first shift has its movements ---- */
  { "drawer: sales",
    "SELECT s.receipt_no, coalesce(c.cash, 0) - s.change, coalesce(m.sum, 0), '' FROM sales s "
    "LEFT JOIN (SELECT sale_id, sum(amount) cash FROM tenders WHERE type = 'cash' "
    "GROUP BY sale_id) c ON c.sale_id = s.id LEFT JOIN (SELECT ref, sum(amount) sum "
    "FROM cash_movements WHERE kind = 'sale' OR kind = 'change' OR kind = 'refund' "
    "OR kind = 'gift_card' GROUP BY ref) m ON m.ref = s.receipt_no "
    "WHERE s.status = 'completed' AND s.created_at >= (SELECT min(opened_at) FROM shifts) "
    "AND coalesce(c.cash, 0) - s.change <> coalesce(m.sum, 0)",
    "%s took %s fen of cash (less change) but the drawer's ledger has %s fen for it%s" },
  { "drawer: top-ups",
    "SELECT t.receipt_no, CASE WHEN t.tender_type = 'cash' THEN t.principal ELSE 0 END, "
    "coalesce(m.sum, 0), '' FROM sv_top_ups t LEFT JOIN (SELECT ref, sum(amount) sum "
    "FROM cash_movements WHERE kind = 'top_up' OR kind = 'top_up_refund' GROUP BY ref) m "
    "ON m.ref = t.receipt_no WHERE t.created_at >= (SELECT min(opened_at) FROM shifts) "
    "AND CASE WHEN t.tender_type = 'cash' THEN t.principal ELSE 0 END <> coalesce(m.sum, 0)",
    "top-up %s moved %s fen of cash but the drawer's ledger has %s fen for it%s" },
  { "drawer: exchanges",
    "SELECT x.receipt_no, CASE WHEN x.tender_type = 'cash' THEN x.cash ELSE 0 END, "
    "coalesce(m.sum, 0), '' FROM points_exchanges x LEFT JOIN (SELECT ref, sum(amount) sum "
    "FROM cash_movements WHERE kind = 'exchange' GROUP BY ref) m ON m.ref = x.receipt_no "
    "WHERE x.created_at >= (SELECT min(opened_at) FROM shifts) "
    "AND CASE WHEN x.tender_type = 'cash' THEN x.cash ELSE 0 END <> coalesce(m.sum, 0)",
    "points exchange %s took %s fen of cash but the drawer's ledger has %s fen for it%s" },
  { "drawer: floats",
    "SELECT h.shift_no, h.opening_float, coalesce(sum(m.amount), 0), '' FROM shifts h "
    "LEFT JOIN cash_movements m ON m.shift_id = h.id AND m.kind = 'float' GROUP BY h.id "
    "HAVING h.opening_float <> coalesce(sum(m.amount), 0)",
    "shift %s opened with a float of %s fen but the drawer's ledger has %s fen%s" },
  { "drawer: counted shifts",
    "SELECT h.shift_no, h.expected, coalesce(sum(m.amount), 0), '' FROM shifts h "
    "LEFT JOIN cash_movements m ON m.shift_id = h.id WHERE h.status <> 'open' GROUP BY h.id "
    "HAVING h.expected <> coalesce(sum(m.amount), 0)",
    "shift %s was counted against %s fen expected but its movements add up to %s fen%s" },
  { "drawer: movements",
    "SELECT m.id, m.kind, coalesce(m.ref, '(none)'), m.amount FROM cash_movements m "
    "LEFT JOIN shifts h ON h.id = m.shift_id WHERE CASE m.kind "
    "WHEN 'sale' THEN 1 WHEN 'change' THEN 1 WHEN 'refund' THEN 1 WHEN 'gift_card' THEN 1 "
    "ELSE 0 END AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.receipt_no = m.ref "
    "AND s.status = 'completed') "
    "OR (m.kind = 'top_up' OR m.kind = 'top_up_refund') "
    "AND NOT EXISTS (SELECT 1 FROM sv_top_ups t WHERE t.receipt_no = m.ref) "
    "OR m.kind = 'exchange' AND NOT EXISTS (SELECT 1 FROM points_exchanges x "
    "WHERE x.receipt_no = m.ref) "
    "OR m.kind = 'float' AND h.shift_no IS NOT m.ref "
    "OR CASE m.kind WHEN 'sale' THEN 0 WHEN 'change' THEN 0 WHEN 'refund' THEN 0 "
    "WHEN 'gift_card' THEN 0 WHEN 'top_up' THEN 0 WHEN 'top_up_refund' THEN 0 "
    "WHEN 'exchange' THEN 0 WHEN 'float' THEN 0 WHEN 'pay_in' THEN 0 WHEN 'pay_out' THEN 0 "
    "WHEN 'drop' THEN 0 ELSE 1 END",
    "drawer movement %s (%s of %s, %s fen) follows no record of that kind" },
};

static gboolean
run_check (MposStore *store, const IntegrityCheck *check, GPtrArray *problems, GError **error)
{
  /* Each check runs once per `check`: prepared for the run, not kept. */
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (mpos_store_db (store), check->sql, -1, &stmt, NULL);

  while (rc == SQLITE_OK && (rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *a = mpos_column_text_or_empty (stmt, 0);
      g_autofree char *b = mpos_column_text_or_empty (stmt, 1);
      g_autofree char *c = mpos_column_text_or_empty (stmt, 2);
      g_autofree char *d = mpos_column_text_or_empty (stmt, 3);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      g_ptr_array_add (problems, g_strdup_printf (check->format, a, b, c, d));
#pragma GCC diagnostic pop
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      mpos_store_fail (store, rc, check->name, error);
      return FALSE;
    }
  return TRUE;
}

/* PRAGMA integrity_check answers "ok" or one row per problem. */
static gboolean
sqlite_integrity (MposStore *store, GPtrArray *problems, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (mpos_store_db (store), "PRAGMA integrity_check", -1, &stmt, NULL);

  while (rc == SQLITE_OK && (rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      if (text && strcmp (text, "ok") != 0)
        g_ptr_array_add (problems, g_strdup_printf ("SQLite: %s", text));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    return mpos_store_fail (store, rc, "integrity check", error);
  return TRUE;
}

static gboolean
foreign_keys (MposStore *store, GPtrArray *problems, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (mpos_store_db (store), "PRAGMA foreign_key_check", -1, &stmt, NULL);

  while (rc == SQLITE_OK && (rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (problems,
                       g_strdup_printf ("row %lld of %s points at a missing %s",
                                        (long long) sqlite3_column_int64 (stmt, 1),
                                        (const char *) sqlite3_column_text (stmt, 0),
                                        (const char *) sqlite3_column_text (stmt, 2)));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    return mpos_store_fail (store, rc, "foreign key check", error);
  return TRUE;
}

static gboolean
run_checks (MposStore *store, GPtrArray *problems, GError **error)
{
  guint first = problems->len;
  const char *sqlite_finding;

  if (!sqlite_integrity (store, problems, error))
    return FALSE;
  sqlite_finding = problems->len > first ? problems->pdata[first] : NULL;
  if (!foreign_keys (store, problems, error) || !mpos_settings_check (store, problems, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (!run_check (store, &checks[i], problems, error))
      return FALSE;
  if (!mpos_integrity_summaries (store, problems, error)
      || !mpos_row_chain_verify (store, problems, error))
    return FALSE;
  /* Damage SQLite finds stops sales; a store that passes everything resumes them. */
  return mpos_store_damage_after_check (store, problems, sqlite_finding, error);
}

gboolean
mpos_integrity_check (MposStore *store, GPtrArray *problems, GError **error)
{
  if (run_checks (store, problems, error))
    return TRUE;
  /* A check stopped by damaged data says the store is damaged, and why. */
  mpos_store_damage_explain (store, error);
  return FALSE;
}
