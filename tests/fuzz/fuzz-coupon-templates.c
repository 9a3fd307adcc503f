/* fuzz-coupon-templates.c — libFuzzer target for the coupon template
 * parser (src/coupon-template.c), which reads whatever IT or the centre
 * imports. Whatever parses must hold what pricing relies on (a value above
 * zero, a percent below 100%, a gift quantity, a validity, a scope that
 * covers something); every refusal is a coupon or JSON error with a
 * readable message. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "coupon.h"
#include "fuzz-json-oracle.h"
#include "fuzz-util.h"
#include "json-fields.h"

static void
check_template (const MposCouponTemplate *t)
{
  g_assert_nonnull (t->code);
  g_assert_cmpuint (strlen (t->code), >=, 1);
  g_assert_cmpuint (strlen (t->code), <=, 32);
  g_assert_true (g_utf8_validate (t->name, -1, NULL));
  g_assert_cmpint (t->min_spend, >=, 0);
  g_assert_true (t->valid_days > 0 || t->ends_at != 0);
  g_assert_true (t->starts_at == 0 || t->ends_at == 0 || t->ends_at > t->starts_at);
  g_assert_true (t->scope.all || t->scope.skus->len > 0 || t->scope.categories->len > 0);
  g_assert_cmpint (t->points_price, >=, 0);
  switch (t->type)
    {
    case MPOS_COUPON_AMOUNT:
      g_assert_cmpint (t->off, >, 0);
      g_assert_true (t->min_spend == 0 || t->off <= t->min_spend);
      break;
    case MPOS_COUPON_PERCENT:
      g_assert_cmpint (t->percent_off_bp, >, 0);
      g_assert_cmpint (t->percent_off_bp, <, 10000);
      g_assert_cmpint (t->cap, >=, 0);
      break;
    case MPOS_COUPON_GIFT:
      g_assert_nonnull (t->gift_sku);
      g_assert_cmpint (t->gift_qty, >=, 1);
      break;
    default:
      g_assert_not_reached ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCouponDocument) doc
      = mpos_coupon_document_parse ((const char *)data, size, &error);

  if (!fuzz_json_document_checked (data, size, NULL, doc != NULL, error, MPOS_COUPON_ERROR,
                                   MPOS_JSON_ERROR))
    return 0;
  for (guint i = 0; i < doc->templates->len; i++)
    check_template (g_ptr_array_index (doc->templates, i));
  for (guint i = 0; doc->benefits && i < doc->benefits->len; i++)
    {
      const MposCouponBenefit *b = g_ptr_array_index (doc->benefits, i);
      g_assert_true (g_str_equal (b->occasion, "monthly") || g_str_equal (b->occasion, "birthday"));
      g_assert_cmpint (b->quantity, >=, 1);
      g_assert_cmpint (b->quantity, <=, 100);
    }
  return 0;
}
