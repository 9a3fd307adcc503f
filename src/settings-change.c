/* settings-change.c — the `settings` permission in front of every change
 * to the store's settings and master data (settings-change.h). The
 * approval is audited once the change is made, so a change refused for its
 * content leaves the store as it was. */
#include "settings-change.h"
#include "audit.h"
#include "clock.h"
#include "coupon.h"
#include "fail.h"
#include "loyalty-rules.h"
#include "member.h"
#include "points-exchange.h"
#include "promotion.h"
#include "receipt-settings.h"
#include "store-private.h"
#include "terminal-language.h"

#include <string.h>

static MposSql SQL_STAFF_WHO_SIGN_IN = MPOS_SQL (
    "settings-change: staff who sign in", "SELECT count(*) FROM staff WHERE disabled_at IS NULL");

static gboolean
being_set_up (MposStore *store, gboolean *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_STAFF_WHO_SIGN_IN, error);
  int64_t staff = 0;

  if (stmt == NULL
      || !mpos_store_step_returning (store, stmt, "counting the staff", &staff, error))
    return FALSE;
  *out = staff == 0;
  return TRUE;
}

typedef struct
{
  const char *approver, *what;
} Approval;

static gboolean
audit_body (MposStore *store, gpointer data, GError **error)
{
  const Approval *a = data;

  return mpos_audit_record_approved (store, mpos_clock_now (), a->approver, a->approver,
                                     "settings_approved", a->what, NULL, error);
}

gboolean
mpos_settings_approve (MposStore *store, const MposStaffCredential *by, const char *what,
                       char **approved_by, GError **error)
{
  g_auto (MposStaff) approver = { 0 };
  g_autofree char *ref = g_strdup_printf ("settings:%s", what);
  gboolean setup = FALSE;
  if (approved_by != NULL)
    *approved_by = NULL;
  if (!being_set_up (store, &setup, error))
    return FALSE;
  if (setup)
    return TRUE;
  if (by == NULL || ((by->number == NULL || *by->number == '\0') && by->card == NULL))
    return mpos_fail (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED,
                      "changing the store's settings (%s) needs a manager's staff number and PIN "
                      "(or those of someone whose role holds “settings” here)",
                      what);
  if (!mpos_staff_approve (store, by, MPOS_ACTION_SETTINGS, ref, &approver, error))
    return FALSE;
  if (approved_by != NULL)
    *approved_by = g_strdup (approver.number);
  return TRUE;
}

/* After the change: its approval audited (a refused change leaves only
 * the refusal, written by whoever refused). */
static gboolean
approved (MposStore *store, const char *approver, const char *what, gboolean changed,
          GError **error)
{
  g_autofree char *ref = g_strdup_printf ("settings:%s", what);
  Approval a = { approver, ref };

  if (!changed || approver == NULL)
    return changed;
  return mpos_store_transaction (store, audit_body, &a, error);
}

gboolean
mpos_settings_import_rows (MposStore *store, MposImportKind kind, gboolean json, const char *data,
                           gsize length, MposImportMode mode, const MposStaffCredential *by,
                           MposImportReport *report, GError **error)
{
  const char *what = kind == MPOS_IMPORT_PRICES ? "import:prices" : "import:catalog";
  g_autofree char *approver = NULL;
  gboolean changed;

  if (!mpos_settings_approve (store, by, what, &approver, error))
    return FALSE;
  if (json && kind == MPOS_IMPORT_CATALOG)
    changed = mpos_import_catalog_json (store, data, length, mode, report, error);
  else
    changed = mpos_import_csv (store, kind, data, length, mode, report, error);
  return approved (store, approver, what, changed, error);
}

static const char *const document_words[] = {
  [MPOS_SETTINGS_PROMOTIONS] = "import:promotions",
  [MPOS_SETTINGS_MEMBERS] = "import:members",
  [MPOS_SETTINGS_LOYALTY_RULES] = "import:loyalty-rules",
  [MPOS_SETTINGS_GIFT_CARDS] = "import:gift-cards",
  [MPOS_SETTINGS_COUPON_TEMPLATES] = "import:coupon-templates",
  [MPOS_SETTINGS_EXCHANGE_ITEMS] = "import:exchange-items",
};

/* The importer's actor: who approved, or "setup" for a store being set up. */
static const char *
actor (const char *approver)
{
  return approver ? approver : "setup";
}

static gboolean
import_exchange_items (MposStore *store, const char *data, gsize length, const char *approver,
                       guint *count, GError **error)
{
  int64_t items = 0;
  gboolean ok = mpos_exchange_items_import (store, data, length, actor (approver),
                                            mpos_clock_now (), &items, error);

  *count = (guint) items;
  return ok;
}

gboolean
mpos_settings_import_document (MposStore *store, MposSettingsDocument document, const char *data,
                               gsize length, const MposStaffCredential *by,
                               MposSettingsImported *out, GError **error)
{
  g_autofree char *approver = NULL;
  const char *what;
  gboolean changed;

  g_return_val_if_fail ((guint)document < G_N_ELEMENTS (document_words), FALSE);
  memset (out, 0, sizeof *out);
  what = document_words[document];
  if (!mpos_settings_approve (store, by, what, &approver, error))
    return FALSE;
  switch (document)
    {
    case MPOS_SETTINGS_PROMOTIONS:
      changed = mpos_promotions_import_json (store, data, length, &out->count, error);
      break;
    case MPOS_SETTINGS_MEMBERS:
      changed = mpos_member_import_json (store, data, length, &out->count, error);
      break;
    case MPOS_SETTINGS_LOYALTY_RULES:
      changed = mpos_loyalty_rules_import (store, data, length, approver, mpos_clock_now (),
                                           error);
      break;
    case MPOS_SETTINGS_COUPON_TEMPLATES:
      changed = mpos_coupon_templates_import (store, data, length, actor (approver),
                                              mpos_clock_now (), &out->count, error);
      break;
    case MPOS_SETTINGS_EXCHANGE_ITEMS:
      changed = import_exchange_items (store, data, length, approver, &out->count, error);
      break;
    case MPOS_SETTINGS_GIFT_CARDS:
    default:
      changed = mpos_gift_card_import (store, data, length, actor (approver), mpos_clock_now (),
                                       &out->gift_cards, error);
      break;
    }
  return approved (store, approver, what, changed, error);
}

gboolean
mpos_settings_set_receipt (MposStore *store, const char *key, const char *value,
                           const MposStaffCredential *by, GError **error)
{
  g_autofree char *what = g_strdup_printf ("receipt:%s", key ? key : "?");
  g_autofree char *approver = NULL;

  return mpos_settings_approve (store, by, what, &approver, error)
         && approved (store, approver, what, mpos_receipt_settings_set (store, key, value, error),
                      error);
}

gboolean
mpos_settings_set_language (MposStore *store, const char *language,
                            const MposStaffCredential *by, GError **error)
{
  g_autofree char *approver = NULL;

  return mpos_settings_approve (store, by, "terminal:language", &approver, error)
         && approved (store, approver, "terminal:language",
                      mpos_terminal_language_set (store, language, error), error);
}

gboolean
mpos_settings_set_identity (MposStore *store, const MposStoreIdentity *identity,
                            const MposStaffCredential *by, GError **error)
{
  g_autofree char *approver = NULL;

  return mpos_settings_approve (store, by, "store:identity", &approver, error)
         && approved (store, approver, "store:identity",
                      mpos_store_set_identity (store, identity, error), error);
}
