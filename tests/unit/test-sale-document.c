/* test-sale-document.c — a sale's lines and tenders are kept as JSON on its
 * row (sale-line-slots.h names the slots). The reader (sale-row-json.c,
 * through mpos_sale_load) and the compatibility views (sale_lines,
 * line_adjustments, loyalty_lines, tenders) must read every slot the same:
 * random sales, with and without a member (loyalty shares), with
 * promotions (adjustments) and returns (original line and tender), are
 * compared field by field. */
#include <glib.h>
#include <string.h>

#include "sale.h"
#include "store-private.h"
#include "test-util.h"

#define SALES 30
#define MEMBER_CARD "8800000000017" /* demo member 张伟: earns and burns */

static GPtrArray *
sku_codes (MposStore *store)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (mpos_store_db (store),
                                       "SELECT s.code FROM skus s WHERE s.plu IS NULL "
                                       "AND s.active = 1 AND EXISTS (SELECT 1 FROM prices p "
                                       "WHERE p.sku_id = s.id AND p.level_code IS NULL) "
                                       "AND s.id NOT IN (SELECT sku_id FROM gift_card_types "
                                       "WHERE sku_id IS NOT NULL) ORDER BY s.code",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (codes->len, >, 3);
  return codes;
}

static char *
random_sale (MposStore *store, GPtrArray *codes, GRand *rand)
{
  g_autoptr (MposCart) cart = test_cart_new (store);
  g_autoptr (GError) error = NULL;
  int lines = g_rand_int_range (rand, 1, 7);
  MposSaleResult result;

  if (g_rand_boolean (rand))
    {
      g_assert_true (mpos_cart_set_member (cart, MEMBER_CARD, &error));
      g_assert_no_error (error);
    }
  for (int i = 0; i < lines; i++)
    test_cart_add_sku (cart, g_ptr_array_index (codes, g_rand_int_range (rand, 0, (gint32) codes->len)),
                       g_rand_int_range (rand, 1, 4));
  test_cart_pay (cart, MPOS_TENDER_CASH, mpos_cart_total (cart), NULL);
  test_commit_sale (cart, &result);
  return g_strdup (result.receipt_no);
}

static void
assert_line_matches_view (MposStore *store, const char *sale_id, const MposSaleLine *l)
{
  g_autofree char *where = g_strdup_printf ("FROM sale_lines WHERE sale_id = '%s' AND line_no = %d",
                                            sale_id, l->line_no);
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;

#define VIEW_INT(column) test_query_int (store, (g_free (sql), sql = g_strdup_printf ("SELECT coalesce (" column ", 0) %s", where)))
  g_assert_cmpint (VIEW_INT ("sku_id"), ==, l->sku_id);
  g_assert_cmpint (VIEW_INT ("weighed"), ==, l->weighed ? 1 : 0);
  g_assert_cmpint (VIEW_INT ("qty"), ==, l->qty);
  g_assert_cmpint (VIEW_INT ("unit_price"), ==, l->unit_price);
  g_assert_cmpint (VIEW_INT ("gross"), ==, l->gross);
  g_assert_cmpint (VIEW_INT ("net"), ==, l->net);
  g_assert_cmpint (VIEW_INT ("tax"), ==, l->tax);
  g_assert_cmpint (VIEW_INT ("tax_rate_bp"), ==, l->tax_rate_bp);
  g_assert_cmpint (VIEW_INT ("original_line_no"), ==, l->original_line_no);
  g_assert_cmpint (VIEW_INT ("points_burnt"), ==, l->loyalty.points_burnt);
  g_assert_cmpint (VIEW_INT ("points_value"), ==, l->loyalty.points_value);
  g_assert_cmpint (VIEW_INT ("sv_principal"), ==, l->loyalty.sv_principal);
  g_assert_cmpint (VIEW_INT ("sv_bonus"), ==, l->loyalty.sv_bonus);
  g_assert_cmpint (VIEW_INT ("points_earned"), ==, l->loyalty.points_earned);
  g_assert_cmpint (VIEW_INT ("points_earned IS NOT NULL"), ==, l->has_loyalty ? 1 : 0);
  g_free (sql);
  sql = g_strdup_printf ("SELECT code || '|' || name %s", where);
  text = test_query_text (store, sql);
  g_free (sql);
  sql = g_strdup_printf ("%s|%s", l->code, l->name);
  g_assert_cmpstr (text, ==, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM loyalty_lines WHERE sale_id = '%s' AND line_no = %d "
                         "AND points_earned = %" G_GINT64_FORMAT " AND points_burnt = %" G_GINT64_FORMAT,
                         sale_id, l->line_no, l->loyalty.points_earned, l->loyalty.points_burnt);
  g_assert_cmpint (test_query_int (store, sql), ==, l->has_loyalty ? 1 : 0);
#undef VIEW_INT
}

static void
assert_adjustments_match_view (MposStore *store, const char *sale_id, const MposSaleLine *l)
{
  g_autofree char *count = g_strdup_printf (
      "SELECT count(*) FROM line_adjustments WHERE sale_id = '%s' AND line_no = %d", sale_id,
      l->line_no);

  g_assert_cmpint (test_query_int (store, count), ==, l->adjustments ? l->adjustments->len : 0);
  for (guint k = 0; l->adjustments && k < l->adjustments->len; k++)
    {
      const MposSaleAdjustment *a = g_ptr_array_index (l->adjustments, k);
      g_autofree char *sql = g_strdup_printf (
          "SELECT kind || '|' || coalesce (source, '') || '|' || label || '|' || amount "
          "FROM line_adjustments WHERE sale_id = '%s' AND line_no = %d AND seq = %d",
          sale_id, l->line_no, a->seq);
      g_autofree char *view = test_query_text (store, sql);
      g_autofree char *read = g_strdup_printf ("%s|%s|%s|%" G_GINT64_FORMAT, a->kind,
                                               a->source ? a->source : "", a->label, a->amount);

      g_assert_cmpint (a->seq, ==, (int) k + 1);
      g_assert_cmpstr (view, ==, read);
    }
}

static void
assert_tenders_match_view (MposStore *store, const MposSaleRecord *r)
{
  g_autofree char *count
      = g_strdup_printf ("SELECT count(*) FROM tenders WHERE sale_id = '%s'", r->id);

  g_assert_cmpint (test_query_int (store, count), ==, r->tenders->len);
  for (guint i = 0; i < r->tenders->len; i++)
    {
      const MposSaleTender *t = g_ptr_array_index (r->tenders, i);
      g_autofree char *sql = g_strdup_printf (
          "SELECT type || '|' || amount || '|' || coalesce (reference, '') || '|' || "
          "coalesce (original_seq, 0) FROM tenders WHERE sale_id = '%s' AND seq = %d",
          r->id, t->seq);
      g_autofree char *view = test_query_text (store, sql);
      g_autofree char *read = g_strdup_printf (
          "%s|%" G_GINT64_FORMAT "|%s|%d", mpos_tender_type_name (t->tender->type),
          t->tender->amount, t->tender->reference ? t->tender->reference : "", t->original_seq);

      g_assert_cmpstr (view, ==, read);
    }
}

static void
assert_sale_matches_views (MposStore *store, const char *receipt_no)
{
  g_autoptr (MposSaleRecord) r = test_sale_load (store, receipt_no);
  g_autofree char *count
      = g_strdup_printf ("SELECT count(*) FROM sale_lines WHERE sale_id = '%s'", r->id);

  g_assert_cmpint (test_query_int (store, count), ==, r->lines->len);
  for (guint i = 0; i < r->lines->len; i++)
    {
      const MposSaleLine *l = g_ptr_array_index (r->lines, i);

      g_assert_cmpint (l->line_no, ==, (int) i + 1);
      assert_line_matches_view (store, r->id, l);
      assert_adjustments_match_view (store, r->id, l);
    }
  assert_tenders_match_view (store, r);
}

static void
test_sale_document_reader_and_views_agree_on_random_sales (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GPtrArray) codes = sku_codes (ts->store);
  g_autoptr (GPtrArray) receipts = g_ptr_array_new_with_free_func (g_free);
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());

  for (int i = 0; i < SALES; i++)
    {
      char *receipt_no = random_sale (ts->store, codes, rand);

      g_ptr_array_add (receipts, receipt_no);
      if (g_rand_int_range (rand, 0, 4) == 0)
        {
          MposSaleResult returned;
          test_return_sale (ts->store, receipt_no, NULL, &returned);
        }
    }
  for (guint i = 0; i < receipts->len; i++)
    assert_sale_matches_views (ts->store, g_ptr_array_index (receipts, i));
  /* returns too: their original_line_no and refunded tenders */
  {
    g_autoptr (GPtrArray) returns = g_ptr_array_new_with_free_func (g_free);
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (mpos_store_db (ts->store),
                                         "SELECT receipt_no FROM sales WHERE kind = 'return'", -1,
                                         &stmt, NULL),
                     ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_ptr_array_add (returns, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    sqlite3_finalize (stmt);
    for (guint i = 0; i < returns->len; i++)
      assert_sale_matches_views (ts->store, g_ptr_array_index (returns, i));
  }
  g_rand_free (rand);
  test_assert_consistent (ts->store);
}

/* A stored number that is not an exact integer (a fraction, past 2^53, a
 * string where money goes) is damage: the reader refuses the sale as
 * corrupt, never rounds it (cJSON holds numbers as doubles). */
static void
test_sale_document_damaged_numbers_are_refused (void)
{
  static const char *const damaged[] = { "[[1,\"cash\",1000.5,null,null,null]]",
                                         "[[1,\"cash\",1e300,null,null,null]]",
                                         "[[1,\"cash\",\"1000\",null,null,null]]",
                                         "[[1,\"cash\",1000,null,null", NULL };
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GPtrArray) codes = sku_codes (ts->store);
  GRand *rand = g_rand_new_with_seed (7);
  g_autofree char *receipt_no = random_sale (ts->store, codes, rand);

  for (guint i = 0; damaged[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE sales SET tenders = '%s' WHERE receipt_no = '%s'",
                                              damaged[i], receipt_no);
      g_autoptr (GError) error = NULL;
      g_autoptr (MposSaleRecord) record = NULL;

      test_exec (ts->store, sql);
      record = mpos_sale_load (ts->store, receipt_no, &error);
      g_assert_null (record);
      g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, "damaged"));
    }
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sale-document/reader-and-views-agree-on-random-sales",
                   test_sale_document_reader_and_views_agree_on_random_sales);
  g_test_add_func ("/sale-document/damaged-numbers-are-refused",
                   test_sale_document_damaged_numbers_are_refused);
  return g_test_run ();
}
