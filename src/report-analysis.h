/* report-analysis.h — a manager's analyses of a period of business days:
 * sales by hour, by category, by cashier, by tender; product ranking; member
 * consumption (会员消费分析). Each is an MposReport (report.h) read from the
 * day and month summaries the sale path keeps (report-summary.h), so a
 * year answers as fast as a day.
 *
 * The period is whole business days, both ends included: from and to are
 * "2026-12-01" (or "20261201"); NULL to: the same as from; NULL from: the
 * business day `now` falls in. report->from/to are the period's first and
 * last instants [from, to), report->business_day NULL unless from = to.
 * Sales minus returns ("net") throughout; training stores as report-day.h.
 *
 * The contract for renderers and tests (report->kind = the kind; tables by
 * id; the first column labels the row; money columns in fen):
 *   "sales-by-hour"  table "hours" 按小时: "hour" ("09" = 09:00–09:59),
 *                    "sales" (count), "net" (money), "average" (money);
 *                    24 rows, hours with nothing included; chart BARS on "net"
 *   "by-category"    table "categories" 按品类: "category" (its path
 *                    "食品/饮料"), "quantity", "net", "share"; total row;
 *                    chart SHARE on "net"
 *   "by-cashier"     table "cashiers" 按收银员: "cashier" ("1001 张三"),
 *                    "sales", "returns" (counts), "net", "average"; total row;
 *                    chart BARS on "net"
 *   "by-tender"      table "tenders" 按支付方式: "tender" (as report-day.h),
 *                    "count", "net", "share"; total row; chart SHARE on "net"
 *   "products"       tables "top" 畅销商品 and "bottom" 滞销商品 (up to 20
 *                    each, by net; bottom: sold at least once, least first),
 *                    "slow" 慢动销(有库存) (up to 20 SKUs in stock that sold
 *                    least in the period, none first): columns "code",
 *                    "name", "quantity", "net", "stock" (quantities in
 *                    thousandths as MPOS_REPORT_QUANTITY)
 *   "members"        table "share" 会员消费占比: rows 会员 / 非会员 / 合计,
 *                    columns "who", "sales" (count), "net", "share";
 *                    chart SHARE on "net";
 *                    table "activity" 会员活跃: figures 新增会员, 活跃会员,
 *                    会员客单价;
 *                    table "top_members" 消费排行: "member" (masked card and
 *                    name), "level", "sales", "net" (up to 20);
 *                    table "levels" 等级分布: "level", "members", "share";
 *                    table "liabilities" 会员负债: figures 积分余额 (points),
 *                    储值本金, 储值赠额 (money), as of now */
#pragma once

#include "report.h"
#include "staff.h"
#include "store.h"

G_BEGIN_DECLS

#define MPOS_REPORT_NEW_MEMBERS "新增会员"
#define MPOS_REPORT_ACTIVE_MEMBERS "活跃会员"
#define MPOS_REPORT_MEMBER_BASKET "会员客单价"
#define MPOS_REPORT_POINTS_OUTSTANDING "积分余额"
#define MPOS_REPORT_SV_PRINCIPAL "储值本金"
#define MPOS_REPORT_SV_BONUS "储值赠额"

/* The kinds, in the order a menu lists them: NULL-terminated. */
const char *const *mpos_report_analysis_kinds (void);

/* The analysis `kind` of business days from … to. `staff` must hold
 * report_access (mpos_staff_authorize: unless cashiers may). INVALID,
 * naming the kinds or the expected date form, for an unknown kind, a bad
 * date or from after to. */
MposReport *mpos_report_analysis (MposStore *store, const MposStaffCredential *staff,
                                  const char *kind, const char *from, const char *to,
                                  int64_t now, GError **error);

G_END_DECLS
