/* central-documents.c — the document streams `promotions`, `coupons`,
 * `loyalty_rules` and `config` (PROTOCOL.md section 5.7): what IT imports at
 * the centre, one row per key, served to every terminal page by page by
 * change number. A document is checked by the core's own validator (the
 * one the terminal runs on it again) before it is kept, so a document a
 * terminal would refuse never enters a stream and never stalls one. */
#include "central.h"
#include "coupon.h"
#include "json-fields.h"
#include "json-strict.h"
#include "loyalty-rules.h"
#include "promotion.h"
#include "receipt-settings.h"

#include <stdio.h>
#include <string.h>

/* Held from the first change number a change takes to its commit (as the
 * members stream's 7301), so document change numbers commit in order. */
#define DOCUMENT_CHANGE_LOCK "7302"

/* ---- the pull streams ---- */

static cJSON *
document_item (PGresult *r, int row)
{
  cJSON *item = cJSON_CreateObject ();
  cJSON *body = PQgetisnull (r, row, 1) ? cJSON_CreateNull () : cJSON_Parse (PQgetvalue (r, row, 1));

  cJSON_AddStringToObject (item, "key", PQgetvalue (r, row, 0));
  cJSON_AddItemToObject (item, "body", body ? body : cJSON_CreateNull ());
  cJSON_AddNumberToObject (item, "change", (double) g_ascii_strtoll (PQgetvalue (r, row, 2), NULL, 10));
  return item;
}

void
central_pull_documents (PGconn *db, const CentralTerminal *terminal, const char *stream,
                        const char *after, const char *limit, CentralReply *reply)
{
  const char *params[] = { after, limit, stream };

  (void) terminal;
  central_pull_page (db, stream,
                     "SELECT key, body, change FROM documents WHERE stream = $3 AND change > $1"
                     " ORDER BY change LIMIT $2",
                     3, params, 2, document_item, reply);
}

/* ---- keeping documents: one transaction, change numbers in commit order ---- */

typedef struct
{
  GString *keys, *bodies;
  guint n;
} DocumentBatch;

static void
batch_add (DocumentBatch *b, const char *key, const cJSON *body)
{
  g_autofree char *text = body ? cJSON_PrintUnformatted (body) : NULL;

  central_db_array_add (b->keys, key);
  central_db_array_add (b->bodies, text);
  b->n++;
}

/* Keeps the batch under `stream`; a document sent again unchanged keeps
 * its change number, so terminals are not sent it twice. *changed: how
 * many rows changed. */
static gboolean
batch_store (PGconn *db, const char *stream, DocumentBatch *b, guint *changed, GError **error)
{
  const char *params[] = { stream, central_db_array_end (b->keys),
                           central_db_array_end (b->bodies) };
  PGresult *r;
  gboolean ok;

  if (!central_db_command (db, "BEGIN", error))
    return FALSE;
  r = central_db_exec (db, PGRES_TUPLES_OK, "SELECT pg_advisory_xact_lock (" DOCUMENT_CHANGE_LOCK ")",
                       0, NULL, error);
  PQclear (r);
  ok = r != NULL;
  if (ok)
    {
      r = central_db_exec (
          db, PGRES_COMMAND_OK,
          "INSERT INTO documents (stream, key, body, change)"
          " SELECT $1, u.key, u.body, nextval ('document_change')"
          " FROM unnest ($2::text[], $3::text[]) WITH ORDINALITY AS u (key, body, n) ORDER BY u.n"
          " ON CONFLICT (stream, key) DO UPDATE SET body = excluded.body, change = excluded.change"
          " WHERE documents.body IS DISTINCT FROM excluded.body",
          3, params, error);
      ok = r != NULL;
      if (ok)
        *changed = (guint) g_ascii_strtoull (PQcmdTuples (r), NULL, 10);
      PQclear (r);
    }
  return central_db_command (db, ok ? "COMMIT" : "ROLLBACK", ok ? error : NULL) && ok;
}

/* ---- IT's commands ---- */


/* Reads FILE as one strict JSON document; NULL after saying why. */
static cJSON *
read_document (const char *path, char **text, gsize *length)
{
  g_autoptr (GError) error = NULL;
  cJSON *json;

  if (!g_file_get_contents (path, text, length, &error))
    {
      central_say (1, "%s", error->message);
      return NULL;
    }
  json = mpos_json_parse (*text, *length, &mpos_json_shape_written, &error);
  if (json == NULL)
    central_say (1, "%s: %s", path, error->message);
  return json;
}

/* Validates the batch's documents already added, then keeps them. */
static int
keep (const char *stream, DocumentBatch *b, const char *what)
{
  g_autoptr (GError) error = NULL;
  guint changed = 0;
  PGconn *db = central_db (&error);

  if (db == NULL)
    return central_say (1, "cannot reach the database (give --db or set MALLPOS_CENTRAL_DB): %s",
                error->message);
  if (!batch_store (db, stream, b, &changed, &error))
    return central_say (1, "keeping the %s: %s", what, error->message);
  printf ("%u %s, %u changed: at every terminal's next pull\n", b->n, what, changed);
  return 0;
}

static int
import_promotions (const cJSON *root, DocumentBatch *b)
{
  const cJSON *items = cJSON_GetObjectItemCaseSensitive (root, "promotions"), *item;
  guint i = 0;

  if (!cJSON_IsArray (items) || cJSON_GetArraySize (root) != 1)
    return central_say (2, "not a promotions document: expected {\"promotions\": [ … ]}");
  cJSON_ArrayForEach (item, items)
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (MposPromotion) p = mpos_promotion_from_json (item, &error);

    i++;
    if (p == NULL)
      return central_say (2, "promotion %u: %s (nothing was imported)", i, error->message);
    batch_add (b, p->code, item);
  }
  return 0;
}

static int
import_coupons (const cJSON *root, const char *text, gsize length, DocumentBatch *b)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCouponDocument) doc = mpos_coupon_document_parse (text, length, &error);
  const cJSON *item;
  guint i = 0;

  if (doc == NULL)
    return central_say (2, "%s (nothing was imported)", error->message);
  if (doc->benefits != NULL)
    return central_say (2, "the centre carries coupon templates, not level benefits: set “benefits” at "
                   "each store (mallposctl coupon templates import), and leave them out here");
  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (root, "templates"))
  {
    const MposCouponTemplate *t = g_ptr_array_index (doc->templates, i++);
    batch_add (b, t->code, item);
  }
  return 0;
}

static int
import_rules (const cJSON *root, const char *text, gsize length, DocumentBatch *b)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_parse (text, length, &error);

  if (rules == NULL)
    return central_say (2, "%s (nothing was imported)", error->message);
  batch_add (b, "rules", root);
  return 0;
}

/* mallpos-central promotion|coupon|rule import FILE */
int
central_cmd_import (int argc, char **argv)
{
  DocumentBatch b = { g_string_new ("{"), g_string_new ("{"), 0 };
  g_autofree char *text = NULL;
  g_autoptr (cJSON) root = NULL;
  const char *stream = NULL, *what = NULL;
  gsize length = 0;
  int rc;

  if (argc == 3 && strcmp (argv[1], "import") == 0)
    {
      if (strcmp (argv[0], "promotion") == 0)
        stream = "promotions", what = "promotions";
      else if (strcmp (argv[0], "coupon") == 0)
        stream = "coupons", what = "coupon templates";
      else if (strcmp (argv[0], "rule") == 0)
        stream = "loyalty_rules", what = "loyalty rules documents";
    }
  if (stream == NULL)
    rc = central_say (2, "usage: %s import FILE (see mallpos-central --help)", argv[0]);
  else if ((root = read_document (argv[2], &text, &length)) == NULL)
    rc = 2;
  else if (strcmp (stream, "promotions") == 0)
    rc = import_promotions (root, &b);
  else if (strcmp (stream, "coupons") == 0)
    rc = import_coupons (root, text, length, &b);
  else
    rc = import_rules (root, text, length, &b);
  if (rc == 0)
    rc = keep (stream, &b, what);
  g_string_free (b.keys, TRUE), g_string_free (b.bodies, TRUE);
  return rc;
}

static gboolean
known_setting (const char *key)
{
  const char *const *keys = mpos_receipt_settings_keys ();

  if (!g_str_has_prefix (key, "receipt."))
    return FALSE;
  for (guint i = 0; keys[i]; i++)
    if (strcmp (keys[i], key + strlen ("receipt.")) == 0)
      return TRUE;
  return FALSE;
}

/* mallpos-central config set KEY VALUE | config unset KEY */
int
central_cmd_config (int argc, char **argv)
{
  gboolean set = argc == 4 && strcmp (argv[1], "set") == 0;
  DocumentBatch b = { g_string_new ("{"), g_string_new ("{"), 0 };
  g_autoptr (cJSON) value = NULL;
  int rc;

  if (!set && !(argc == 3 && strcmp (argv[1], "unset") == 0))
    rc = central_say (2, "usage: config set KEY VALUE, or config unset KEY (see mallpos-central --help)");
  else if (!known_setting (argv[2]))
    rc = central_say (2, "“%s” is no setting the terminals take: give receipt.language, receipt.phone, "
                 "receipt.header, receipt.footer, … (mallposctl receipt-settings lists them)",
              argv[2]);
  else if (set && (!g_utf8_validate (argv[3], -1, NULL) || g_utf8_strlen (argv[3], -1) > 500))
    rc = central_say (2, "a setting's value is UTF-8 text of at most 500 characters");
  else
    {
      value = set ? cJSON_CreateString (argv[3]) : NULL;
      batch_add (&b, argv[2], value);
      rc = keep ("config", &b, "settings");
    }
  g_string_free (b.keys, TRUE), g_string_free (b.bodies, TRUE);
  return rc;
}
