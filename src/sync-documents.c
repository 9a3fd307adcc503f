/* sync-documents.c — the document pull streams applied at the terminal
 * (sync-documents.h). Each stream hands its documents to the importer
 * `mallposctl import …` uses, inside the page's transaction, after asking
 * whether the store holds that document already: an unchanged document is
 * skipped, so replaying a page or a whole snapshot writes nothing. What the
 * centre sends is imported as the actor "centre" (audit and journal). */
#include "sync-documents.h"
#include "coupon.h"
#include "fail.h"
#include "loyalty-rules.h"
#include "promotion.h"
#include "receipt-settings.h"
#include "store-private.h"
#include "sync-state.h"

#include <string.h>

#define ACTOR "centre"

typedef gboolean (*PutDocument) (MposStore *store, const MposSyncDocument *d, int64_t now,
                                 gboolean *changed, GError **error);

#define refuse(error, ...) mpos_fail ((error), MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_INVALID, __VA_ARGS__)

static gboolean
put_promotion (MposStore *store, const MposSyncDocument *d, int64_t now, gboolean *changed,
               GError **error)
{
  (void) now;
  if (d->body && !cJSON_IsObject (d->body))
    return refuse (error, "a promotion is an object");
  return mpos_promotion_put (store, d->key, d->body, changed, error);
}

static gboolean
template_held (MposStore *store, const char *code, const char *definition, GError **error)
{
  g_autoptr (MposCouponDocument) held = mpos_coupon_templates_load (store, error);

  if (held == NULL)
    return FALSE;
  for (guint i = 0; i < held->templates->len; i++)
    {
      const MposCouponTemplate *t = g_ptr_array_index (held->templates, i);
      if (strcmp (t->code, code) == 0)
        return g_strcmp0 (t->definition, definition) == 0;
    }
  return FALSE;
}

static gboolean
put_coupon_template (MposStore *store, const MposSyncDocument *d, int64_t now, gboolean *changed,
                     GError **error)
{
  g_autofree char *definition = NULL, *document = NULL;
  GError *local = NULL;

  if (d->body == NULL || !cJSON_IsObject (d->body))
    return refuse (error, "a coupon template is an object (a template is never withdrawn: its "
                          "coupons stay redeemable until they expire)");
  definition = cJSON_PrintUnformatted (d->body);
  if (template_held (store, d->key, definition, &local))
    return TRUE;
  if (local)
    return g_propagate_error (error, local), FALSE;
  *changed = TRUE;
  document = g_strdup_printf ("{\"templates\":[%s]}", definition);
  return mpos_coupon_templates_write (store, document, strlen (document), ACTOR, now, NULL, error);
}

static gboolean
put_loyalty_rules (MposStore *store, const MposSyncDocument *d, int64_t now, gboolean *changed,
                   GError **error)
{
  g_autofree char *text = NULL, *held = NULL;

  if (strcmp (d->key, "rules") != 0 || d->body == NULL || !cJSON_IsObject (d->body))
    return refuse (error, "the loyalty rules arrive as one document under the key “rules”");
  text = cJSON_PrintUnformatted (d->body);
  held = mpos_store_get_setting (store, "loyalty_rules");
  if (g_strcmp0 (held, text) == 0)
    return TRUE;
  *changed = TRUE;
  return mpos_loyalty_rules_write (store, text, strlen (text), ACTOR, now, error);
}

static gboolean
put_setting (MposStore *store, const MposSyncDocument *d, int64_t now, gboolean *changed,
             GError **error)
{
  const char *value = d->body ? cJSON_GetStringValue (d->body) : NULL;
  g_autofree char *held = NULL;
  GError *local = NULL;

  (void) now;
  if (!g_str_has_prefix (d->key, "receipt.") || (d->body && value == NULL))
    return refuse (error, "a setting is receipt.KEY with a text value (or null to unset it)");
  held = mpos_receipt_settings_get (store, d->key + strlen ("receipt."), &local);
  if (local)
    return g_propagate_error (error, local), FALSE;
  if (g_strcmp0 (held, value && *value ? value : NULL) == 0)
    return TRUE;
  *changed = TRUE;
  return mpos_receipt_settings_set (store, d->key + strlen ("receipt."), value, error);
}

static const struct
{
  const char *stream;
  PutDocument put;
} streams[] = {
  { "promotions", put_promotion },
  { "coupons", put_coupon_template },
  { "loyalty_rules", put_loyalty_rules },
  { "config", put_setting },
};

static PutDocument
put_of (const char *stream)
{
  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    if (strcmp (streams[i].stream, stream) == 0)
      return streams[i].put;
  return NULL;
}

gboolean
mpos_sync_documents_stream (const char *stream)
{
  return put_of (stream) != NULL;
}

typedef struct
{
  const char *stream;
  const MposSyncDocument *items;
  guint n, changed;
  int64_t cursor, now;
} DocumentPage;

static gboolean
write_document_page (MposStore *store, gpointer data, GError **error)
{
  DocumentPage *page = data;
  PutDocument put = put_of (page->stream);

  for (guint i = 0; i < page->n; i++)
    {
      gboolean changed = FALSE;
      if (!put (store, &page->items[i], page->now, &changed, error))
        {
          g_prefix_error (error, "%s “%s” from the centre: ", page->stream, page->items[i].key);
          return FALSE;
        }
      page->changed += changed;
    }
  return mpos_sync_cursor_save (store, page->stream, page->cursor, error);
}

gboolean
mpos_sync_apply_documents (MposStore *store, const char *stream, const MposSyncDocument *items,
                           guint n, int64_t cursor, int64_t now, guint *changed, GError **error)
{
  DocumentPage page = { stream, items, n, 0, cursor, now };
  gboolean ok;

  g_return_val_if_fail (put_of (stream) != NULL, FALSE);
  ok = mpos_store_transaction (store, write_document_page, &page, error);
  if (changed)
    *changed = ok ? page.changed : 0;
  return ok;
}
