/* test-scope.c — the scope of promotions and coupon templates (src/scope.c):
 * one parser for both documents, refusing lists of the wrong kind by name
 * and a scope that covers nothing; covering by SKU and by category (a
 * category covers what lies below it, not a sibling that shares a prefix). */
#include "scope.h"
#include "promotion.h"

#include <string.h>

static gboolean
parse (const char *text, gboolean absent_is_all, MposScope *scope, GError **error)
{
  cJSON *json = text ? cJSON_Parse (text) : NULL;
  gboolean ok;

  g_assert_true (text == NULL || json != NULL);
  mpos_scope_init (scope);
  ok = mpos_scope_parse (scope, json, absent_is_all, MPOS_PROMOTION_ERROR,
                         MPOS_PROMOTION_ERROR_INVALID, error);
  cJSON_Delete (json);
  return ok;
}

static void
test_scope_refusals_name_what_is_wrong (void)
{
  static const struct
  {
    const char *json;
    const char *says;
  } cases[] = {
    { "{\"skus\": \"100001\"}", "“skus” must be an array of at most 10000 strings" },
    { "{\"categories\": [\"\"]}", "“categories” holds non-empty UTF-8 strings only" },
    { "{\"skus\": [1]}", "“skus” holds non-empty UTF-8 strings only" },
    { "{}", "the scope covers nothing: give all, skus or categories" },
    { "[]", "“scope” must be an object with all, skus or categories" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      MposScope scope;

      g_assert_false (parse (cases[i].json, FALSE, &scope, &error));
      g_assert_error (error, MPOS_PROMOTION_ERROR, MPOS_PROMOTION_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].says);
      mpos_scope_clear (&scope);
    }
}

static void
test_scope_absent_covers_all_only_where_allowed (void)
{
  g_autoptr (GError) error = NULL;
  MposScope scope;

  g_assert_true (parse (NULL, TRUE, &scope, &error)); /* a coupon: 全场通用 */
  g_assert_true (scope.all);
  mpos_scope_clear (&scope);
  g_assert_false (parse (NULL, FALSE, &scope, &error)); /* a promotion must say */
  g_assert_error (error, MPOS_PROMOTION_ERROR, MPOS_PROMOTION_ERROR_INVALID);
  mpos_scope_clear (&scope);
}

static void
test_scope_covers_skus_and_categories_below (void)
{
  g_autoptr (GError) error = NULL;
  MposSku noodles
      = { .sku_code = (char *)"100001", .category_path = (char *)"食品/方便食品/方便面" };
  MposSku sweets = { .sku_code = (char *)"100009", .category_path = (char *)"食品/方便食品面" };
  MposSku cola = { .sku_code = (char *)"200001", .category_path = (char *)"饮料/碳酸饮料" };
  MposScope scope;

  g_assert_true (parse ("{\"skus\": [\"200001\"], \"categories\": [\"食品/方便食品\"]}", FALSE,
                        &scope, &error));
  g_assert_true (mpos_scope_covers (&scope, &noodles));
  g_assert_false (mpos_scope_covers (&scope, &sweets));
  g_assert_true (mpos_scope_covers (&scope, &cola));
  mpos_scope_clear (&scope);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scope/refusals-name-what-is-wrong", test_scope_refusals_name_what_is_wrong);
  g_test_add_func ("/scope/absent-covers-all-only-where-allowed",
                   test_scope_absent_covers_all_only_where_allowed);
  g_test_add_func ("/scope/covers-skus-and-categories-below",
                   test_scope_covers_skus_and_categories_below);
  return g_test_run ();
}
