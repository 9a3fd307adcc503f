/* test-error-domains.c — every core error domain is registered under the name
 * its module means ("mpos-coupon-error-quark"): a formatter once rewrote
 * G_DEFINE_QUARK's first argument into "mpos - coupon - error - quark", which
 * still compiles but shows that name in every logged GError. */
#include <glib.h>

#include "barcode.h"
#include "cart.h"
#include "catalog-import.h"
#include "catalog.h"
#include "coupon.h"
#include "csv.h"
#include "gift-card.h"
#include "json-fields.h"
#include "loyalty-rules.h"
#include "member.h"
#include "money.h"
#include "payment-pin.h"
#include "percent.h"
#include "points-exchange.h"
#include "points.h"
#include "promotion.h"
#include "sale.h"
#include "store.h"
#include "stored-value.h"
#include "tender.h"

typedef struct
{
  const char *module;
  GQuark (*quark) (void);
} Domain;

static const Domain domains[] = {
  { "barcode", mpos_barcode_error_quark },
  { "cart", mpos_cart_error_quark },
  { "import", mpos_import_error_quark },
  { "catalog", mpos_catalog_error_quark },
  { "coupon", mpos_coupon_error_quark },
  { "csv", mpos_csv_error_quark },
  { "gift-card", mpos_gift_card_error_quark },
  { "json", mpos_json_error_quark },
  { "loyalty-rules", mpos_loyalty_rules_error_quark },
  { "member", mpos_member_error_quark },
  { "money", mpos_money_error_quark },
  { "payment-pin", mpos_payment_pin_error_quark },
  { "percent", mpos_percent_error_quark },
  { "exchange", mpos_exchange_error_quark },
  { "points", mpos_points_error_quark },
  { "promotion", mpos_promotion_error_quark },
  { "sale", mpos_sale_error_quark },
  { "store", mpos_store_error_quark },
  { "stored-value", mpos_stored_value_error_quark },
  { "tender", mpos_tender_error_quark },
};

static void
test_domain_names (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      g_autofree char *expected = g_strdup_printf ("mpos-%s-error-quark", domains[i].module);
      g_assert_cmpstr (g_quark_to_string (domains[i].quark ()), ==, expected);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/error-domains/names", test_domain_names);
  return g_test_run ();
}
