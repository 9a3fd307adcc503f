/* ctl-sale.c — `mallposctl quote` (price and explain, sell nothing) and
 * `mallposctl sale` (commit, then print the receipt as committed). */
#include "cart-json.h"
#include "clock.h"
#include "ctl-credential.h"
#include "ctl.h"
#include "coupon.h"
#include "json-fields.h"
#include "sale.h"
#include "suspend.h"

#include <stdio.h>
#include <string.h>

static MposCart *
cart_from_stdin (MposStore *store, int64_t resume_id, GError **error)
{
  gsize length = 0;
  g_autofree char *data = ctl_read_stdin (&length, error);
  MposCart *cart = NULL;

  if (data == NULL)
    return NULL;
  if (resume_id > 0)
    cart = mpos_suspend_resume (store, resume_id, data, length, mpos_clock_now (), error);
  else
    cart = mpos_cart_from_json (store, data, length, mpos_clock_now (), error);
  if (cart == NULL)
    ctl_name_stdin (error);
  return cart;
}

static void
print_quote (MposCart *cart)
{
  GPtrArray *lines = mpos_cart_get_lines (cart);
  char buf[MPOS_MONEY_BUF];

  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *explain = mpos_cart_line_explain (g_ptr_array_index (lines, i));
      printf ("%u. %s", ((MposCartLine *) g_ptr_array_index (lines, i))->line_no, explain);
    }
  printf ("subtotal %s\n", mpos_money_to_buf (mpos_cart_subtotal (cart), buf));
  printf ("total    %s\n", mpos_money_to_buf (mpos_cart_total (cart), buf));
  for (guint i = 0; i < mpos_cart_get_coupons (cart)->len; i++)
    {
      const MposCartCoupon *c = g_ptr_array_index (mpos_cart_get_coupons (cart), i);
      char used[MPOS_MONEY_BUF];
      if (c->forfeit > 0)
        printf ("coupon %s gives %s; %s of it is forfeit (the goods it covers cost less)\n",
                c->code, mpos_money_to_buf (c->discount, used), mpos_money_to_buf (c->forfeit, buf));
    }
}

int
ctl_quote (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposCart) cart = NULL;

  if (!ctl_parse (global, "quote", "< SALE.json",
                  "Price a sale document and explain every line, without selling.", NULL, &argc,
                  &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("quote", "the sale document comes on standard input");
  store = ctl_open_store (global, FALSE, &error);
  cart = store ? cart_from_stdin (store, 0, &error) : NULL;
  if (cart == NULL)
    return ctl_fail (error);
  if (global->json)
    ctl_print_json (mpos_cart_priced_json (cart));
  else
    print_quote (cart);
  return CTL_EXIT_OK;
}

int
ctl_sale (CtlGlobal *global, int argc, char **argv)
{
  int width = 42;
  gint64 resume = G_MININT64; /* not given */
  g_autofree char *void_reason = NULL, *supervisor = NULL;
  g_auto (CtlPrintOptions) print = { 0 };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver = NULL;
  gboolean void_sale = FALSE;
  const GOptionEntry entries[] = {
    { "width", 'w', 0, G_OPTION_ARG_INT, &width, "Receipt width: 32, 42 or 48 columns", "N" },
    { "resume", 0, 0, G_OPTION_ARG_INT64, &resume,
      "Resume this suspended sale; stdin adds lines and the tenders", "ID" },
    { "void", 0, 0, G_OPTION_ARG_NONE, &void_sale,
      "Void the whole sale instead of selling it (audited)", NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &void_reason, "Why the sale is voided", "TEXT" },
    { "supervisor", 0, 0, G_OPTION_ARG_STRING, &supervisor,
      "Staff number of the supervisor who approves the sale's price overrides, discounts above "
      "the store's limit and voids (PIN in MALLPOS_SUPERVISOR_PIN or from the terminal: standard "
      "input holds the sale)",
      "NUMBER" },
    CTL_PRINT_OPTION_ENTRIES (&print),
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposCart) cart = NULL;
  MposSaleResult result;
  int status;

  if (!ctl_parse (global, "sale", "< SALE.json",
                  "Ring up a sale from a JSON document (see cart-json.h) and print its receipt.",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("sale", "the sale document comes on standard input");
  if (resume != G_MININT64 && resume <= 0)
    return ctl_usage ("sale", "--resume takes the ID `mallposctl suspended` lists (1 or more)");
  if (!ctl_width_ok ("sale", width))
    return CTL_EXIT_USAGE;
  store = ctl_open_store (global, FALSE, &error);
  cart = store ? cart_from_stdin (store, MAX (resume, 0), &error) : NULL;
  if (cart != NULL && supervisor != NULL
      && (!ctl_credential_get (&credential, supervisor, TRUE, &approver, &error)
          || !mpos_cart_approve (cart, approver, &error)))
    return ctl_fail (error);
  if (cart != NULL && void_sale)
    {
      if (!mpos_sale_void (cart, void_reason, &error))
        return ctl_fail (error);
      printf ("sale voided: nothing was sold\n");
      return CTL_EXIT_OK;
    }
  if (cart == NULL || !mpos_sale_commit (cart, &result, &error))
    return ctl_fail (error);
  ctl_warn (result.clock_warning);
  status = ctl_print_receipt (global, store, result.receipt_no, width, FALSE, NULL);
  /* A printer problem never undoes the sale: it is reported on stderr only. */
  if (print.print && status == CTL_EXIT_OK)
    ctl_print_sale_receipt (global, store, result.receipt_no, &print);
  return status;
}
