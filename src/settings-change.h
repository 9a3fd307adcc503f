/* settings-change.h — every change to the store's settings and master data
 * behind the `settings` permission: the imports (catalog, prices,
 * promotions, members, loyalty rules, gift-card stock, coupon templates,
 * exchange items), the receipt
 * settings, the store's identity and the terminal language. Each call signs
 * the credential in and checks its role against the store's permission
 * table (manager by default), makes the change, then audits the approval
 * (settings_approved, with approved_by and what changed). A refusal is
 * audited too (permission_refused). A store being set up — no member of
 * staff can sign in yet — takes its first settings without a credential,
 * as it takes its first manager (staff.c). Window, mallposctl and any
 * other client call these, never the ungated primitives they wrap (which
 * stay for the store's own setup code and the tests). */
#pragma once

#include "catalog-import.h"
#include "gift-card.h"
#include "staff-permission.h"
#include "store.h"

G_BEGIN_DECLS

/* The documents an import may bring in as a whole. */
typedef enum
{
  MPOS_SETTINGS_PROMOTIONS,
  MPOS_SETTINGS_MEMBERS,
  MPOS_SETTINGS_LOYALTY_RULES,
  MPOS_SETTINGS_GIFT_CARDS,
  MPOS_SETTINGS_COUPON_TEMPLATES,
  MPOS_SETTINGS_EXCHANGE_ITEMS,
} MposSettingsDocument;

typedef struct
{
  guint count; /* promotions, members, coupon templates or exchange items imported */
  MposGiftCardImportReport gift_cards;  /* card types and cards imported */
} MposSettingsImported;

/* Checks `by` for the settings change `what` (a word for the audit:
 * "import:catalog", "receipt:footer", …; the functions below audit the
 * approval once their change is made); *approved_by (may be NULL) gets the approver's number, NULL for a store
 * being set up. REQUIRED without a credential, NOT_PERMITTED for a role
 * that may not change settings. Outside any transaction. */
gboolean mpos_settings_approve (MposStore *store, const MposStaffCredential *by, const char *what,
                                char **approved_by, GError **error);

/* Catalog rows (CSV, or JSON when `json`) or scheduled prices (CSV). */
gboolean mpos_settings_import_rows (MposStore *store, MposImportKind kind, gboolean json,
                                    const char *data, gsize length, MposImportMode mode,
                                    const MposStaffCredential *by, MposImportReport *report,
                                    GError **error);

/* A whole document: promotions, members, loyalty rules, gift-card stock,
 * coupon templates (with level benefits) or exchange items. */
gboolean mpos_settings_import_document (MposStore *store, MposSettingsDocument document,
                                        const char *data, gsize length,
                                        const MposStaffCredential *by, MposSettingsImported *out,
                                        GError **error);

/* One receipt setting (receipt-settings.h); value NULL or "" unsets it. */
gboolean mpos_settings_set_receipt (MposStore *store, const char *key, const char *value,
                                    const MposStaffCredential *by, GError **error);

/* The terminal's language (terminal-language.h); NULL or "" unsets it. */
gboolean mpos_settings_set_language (MposStore *store, const char *language,
                                     const MposStaffCredential *by, GError **error);

/* The store's identity (codes, name, zone, cut-off, rounding, …). */
gboolean mpos_settings_set_identity (MposStore *store, const MposStoreIdentity *identity,
                                     const MposStaffCredential *by, GError **error);

G_END_DECLS
