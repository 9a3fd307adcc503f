/* report-day.h — the business day's X report (mid-shift, read only) and Z
 * report (closes the business day: numbered 1, 2, 3 … per store, at most one
 * per business day, its figures and time kept so a reprint shows exactly
 * what the first print showed).
 *
 * Both are MposReport documents (report.h) built from the day summaries the
 * sale path keeps (report-summary.h) and the ledgers of the day; renderers
 * read only the document. Figures of a training store are the training
 * sales themselves (a training store holds nothing else): report->training
 * is TRUE and every output must say 练习模式.
 *
 * After a day's Z report nothing that moves money can go into that
 * business day any more: a sale, a return (and the approval of a return
 * made before the Z), a top-up or its refund, a points exchange (gift
 * cards are sold in sales) all get MPOS_REPORT_ERROR_DAY_CLOSED and wait
 * for the next business day (the store's cut-off hour); a Z report is
 * final. A return waiting for approval when the Z runs is not in its
 * figures (the "sales" table counts it, RETURNS_PENDING, with a note); its
 * approval is refused after the Z, so the return is made again in the new
 * day.
 *
 * The contract for renderers and tests: report->kind "x" or "z"; tables by
 * id, figure rows (two columns: "label" text, "value") by their first cell,
 * read with mpos_report_table_figure. Labels are the macros below.
 *
 *   "sales"       销售: SALES_COUNT, RETURNS_COUNT, ITEMS, GROSS, DISCOUNTS,
 *                 ROUNDING, RETURNS, NET_SALES, TAX, AVERAGE_BASKET
 *                 (GROSS − DISCOUNTS + ROUNDING − RETURNS = NET_SALES; the
 *                 sales' own figures only, returns separately);
 *                 RETURNS_PENDING only when returns await approval
 *   "discounts"   折扣: rows MEMBER, PROMOTION, COUPON, MANUAL, and a total row
 *                 (member price + level discount; promotions; coupons; price
 *                 overrides, line and order discounts); columns "kind",
 *                 "amount" (money, positive: what was taken off)
 *   "tax"         税额: one row per rate; columns "rate" (text "13%"),
 *                 "net" (money), "tax" (money); a total row
 *   "tenders"     支付方式: one row per tender (现金 cash, 银行卡 bank_card,
 *                 移动支付 mobile, 储值 stored_value, 积分 points, 购物卡
 *                 gift_card, 其他 other) and a total row; columns "tender",
 *                 "sales", "refunds", "net" (money; refunds negative). Coupons
 *                 are discounts here, shown in "discounts". chart SHARE on "net"
 *   "cash"        现金, the drawer ledger of the day's shifts (shift.h):
 *                 FLOAT, CASH_SALES (less what paid gift cards), CASH_CHANGE,
 *                 CASH_REFUNDS, CASH_TOP_UPS, CASH_TOP_UP_REFUNDS,
 *                 CASH_EXCHANGES, CASH_GIFT_CARDS, PAID_IN, PAID_OUT, DROPS,
 *                 CASH_EXPECTED, CASH_COUNTED, OVER_SHORT (the last two only
 *                 once every shift of the day is counted; else a note)
 *   "stored_value" 储值: TOP_UPS_COUNT, TOP_UPS, BONUS_ISSUED, TOP_UP_REFUNDS,
 *                 SV_SPENT
 *   "points"      积分: POINTS_EARNED, POINTS_BURNED, POINTS_EXPIRED,
 *                 POINTS_EXCHANGED
 *   "coupons"     优惠券: COUPONS_ISSUED, COUPONS_REDEEMED, COUPON_DISCOUNT
 *   "gift_cards"  购物卡: GIFT_CARDS_SOLD, GIFT_CARDS_SOLD_VALUE,
 *                 GIFT_CARDS_REDEEMED
 *   "sync"        同步: UNSYNCED
 */
#pragma once

#include "report.h"
#include "staff.h"
#include "store.h"

G_BEGIN_DECLS

#define MPOS_REPORT_ERROR (mpos_report_error_quark ())
GQuark mpos_report_error_quark (void);

typedef enum
{
  MPOS_REPORT_ERROR_INVALID,       /* unknown analysis, bad date, from after to */
  MPOS_REPORT_ERROR_ALREADY_CLOSED, /* a Z report exists for that business day */
  MPOS_REPORT_ERROR_NOT_FOUND,     /* no Z report with that number */
  MPOS_REPORT_ERROR_DAY_CLOSED,    /* a sale into a business day its Z report closed */
  MPOS_REPORT_ERROR_SHIFT_OPEN,    /* a Z report while a shift is open: close it first */
} MposReportError;

/* Figure labels (first cells of the figure tables above). */
#define MPOS_REPORT_SALES_COUNT "销售笔数"
#define MPOS_REPORT_RETURNS_COUNT "退货笔数"
#define MPOS_REPORT_ITEMS "销售件数"
#define MPOS_REPORT_GROSS "销售总额"
#define MPOS_REPORT_DISCOUNTS "折扣合计"
#define MPOS_REPORT_ROUNDING "抹零"
#define MPOS_REPORT_RETURNS "退货金额"
#define MPOS_REPORT_NET_SALES "净销售额"
#define MPOS_REPORT_TAX "税额"
#define MPOS_REPORT_AVERAGE_BASKET "客单价"
#define MPOS_REPORT_RETURNS_PENDING "待审批退货笔数"

#define MPOS_REPORT_MEMBER "会员折扣"
#define MPOS_REPORT_PROMOTION "促销"
#define MPOS_REPORT_COUPON "优惠券"
#define MPOS_REPORT_MANUAL "手工折扣"
#define MPOS_REPORT_TOTAL "合计"

#define MPOS_REPORT_FLOAT "备用金"
#define MPOS_REPORT_CASH_SALES "现金收款"
#define MPOS_REPORT_CASH_CHANGE "找零"
#define MPOS_REPORT_CASH_REFUNDS "现金退款"
#define MPOS_REPORT_CASH_TOP_UPS "现金充值"
#define MPOS_REPORT_CASH_TOP_UP_REFUNDS "充值退款(现金)"
#define MPOS_REPORT_CASH_EXCHANGES "积分兑换现金"
#define MPOS_REPORT_CASH_GIFT_CARDS "售卡现金"
#define MPOS_REPORT_PAID_IN "收入"
#define MPOS_REPORT_PAID_OUT "支出"
#define MPOS_REPORT_DROPS "存款上缴"
#define MPOS_REPORT_CASH_EXPECTED "应有现金"
#define MPOS_REPORT_CASH_COUNTED "实点现金"
#define MPOS_REPORT_OVER_SHORT "长短款"

#define MPOS_REPORT_TOP_UPS_COUNT "充值笔数"
#define MPOS_REPORT_TOP_UPS "充值本金"
#define MPOS_REPORT_BONUS_ISSUED "充值赠额"
#define MPOS_REPORT_TOP_UP_REFUNDS "充值退款"
#define MPOS_REPORT_SV_SPENT "储值消费"

#define MPOS_REPORT_POINTS_EARNED "积分发放"
#define MPOS_REPORT_POINTS_BURNED "积分抵现"
#define MPOS_REPORT_POINTS_EXPIRED "积分过期"
#define MPOS_REPORT_POINTS_EXCHANGED "积分兑换"

#define MPOS_REPORT_COUPONS_ISSUED "优惠券发放"
#define MPOS_REPORT_COUPONS_REDEEMED "优惠券核销"
#define MPOS_REPORT_COUPON_DISCOUNT "优惠券抵扣"

#define MPOS_REPORT_GIFT_CARDS_SOLD "售卡张数"
#define MPOS_REPORT_GIFT_CARDS_SOLD_VALUE "售卡金额"
#define MPOS_REPORT_GIFT_CARDS_REDEEMED "购物卡消费"

#define MPOS_REPORT_UNSYNCED "未同步记录"

/* The X report of the business day `now` falls in, as it stands: reads
 * only. `staff` must hold report_access unless the store lets cashiers
 * read reports (mpos_staff_authorize); NULL asks for no one. */
MposReport *mpos_report_x (MposStore *store, const MposStaffCredential *staff, int64_t now,
                           GError **error);

/* Closes business day `business_day` ("2026-12-07" or "20261207"; NULL: the
 * day `now` falls in) with the next Z number, keeping its figures and time.
 * `staff` must hold report_access. ALREADY_CLOSED (naming the Z number)
 * when the day has one; INVALID for a day not yet begun; SHIFT_OPEN while
 * this terminal's shift is open or waits for acceptance. Audited and
 * journaled ("z_report"), in one transaction. */
MposReport *mpos_report_z (MposStore *store, const MposStaffCredential *staff,
                           const char *business_day, int64_t now, GError **error);

/* Z report `number` as first made (its figures and generated_at);
 * NOT_FOUND when there is none. `staff` as for mpos_report_z. */
MposReport *mpos_report_z_reprint (MposStore *store, const MposStaffCredential *staff,
                                   int64_t number, GError **error);

/* Inside the transaction of a record going into business day `day`:
 * DAY_CLOSED when the day has its Z report, saying that `what` ("a
 * top-up") cannot go into it and what to do: `next_step`, or (NULL) wait
 * for the next business day to begin and try again. */
gboolean mpos_report_day_refuse_closed (MposStore *store, const char *day, const char *what,
                                        const char *next_step, GError **error);

G_END_DECLS
