/* store-identity.c — who this terminal is (store, terminal, time zone,
 * receipt texts) and the settings/counters tables that hold it, plus the
 * store's business day: times are UTC, the day is the store's. */
#include "store-private.h"

#include <string.h>

static MposSql SQL_GET_SETTING
    = MPOS_SQL ("store-identity: get setting", "SELECT value FROM settings WHERE key = :key");
static MposSql SQL_PUT_SETTING = MPOS_SQL (
    "store-identity: put setting", "INSERT INTO settings (key, value) VALUES (:key, :value) "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
static MposSql SQL_BUMP_COUNTER = MPOS_SQL ("store-identity: bump counter",
                                            "INSERT INTO counters (name, value) VALUES (:name, 1) "
                                            "ON CONFLICT (name) DO UPDATE SET value = value + 1");
static MposSql SQL_COUNTER_VALUE
    = MPOS_SQL ("store-identity: counter value", "SELECT value FROM counters WHERE name = :name");

char *
mpos_store_get_setting (MposStore *store, const char *key)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_GET_SETTING, NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":key", key);
  if (mpos_store_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gboolean
mpos_store_put_setting (MposStore *store, const char *key, const char *value, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_PUT_SETTING, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":key", key);
  mpos_bind_text (stmt, ":value", value ? value : "");
  return mpos_store_step_done (store, stmt, "saving a setting", error);
}

typedef struct
{
  char *text;
  gpointer value;
  GDestroyNotify destroy;
} ParsedSetting;

static void
parsed_setting_free (gpointer data)
{
  ParsedSetting *p = data;

  if (p->destroy)
    p->destroy (p->value);
  g_free (p->text);
  g_free (p);
}

gpointer
mpos_store_parsed_setting_lookup (MposStore *store, const char *key, const char *text)
{
  ParsedSetting *p;

  if (store->parsed_settings == NULL)
    return NULL;
  p = g_hash_table_lookup (store->parsed_settings, key);
  return p != NULL && g_strcmp0 (p->text, text) == 0 ? p->value : NULL;
}

void
mpos_store_parsed_setting_keep (MposStore *store, const char *key, const char *text,
                                gpointer value, GDestroyNotify destroy)
{
  ParsedSetting *p = g_new0 (ParsedSetting, 1);

  p->text = g_strdup (text);
  p->value = value;
  p->destroy = destroy;
  if (store->parsed_settings == NULL)
    store->parsed_settings
        = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, parsed_setting_free);
  g_hash_table_replace (store->parsed_settings, g_strdup (key), p);
}

gboolean
mpos_store_next_counter (MposStore *store, const char *name, int64_t *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_BUMP_COUNTER, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":name", name);
  if (!mpos_store_step_done (store, stmt, "numbering", error))
    return FALSE;
  stmt = mpos_store_stmt (store, &SQL_COUNTER_VALUE, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":name", name);
  return mpos_store_step_returning (store, stmt, "numbering", out, error);
}

void
mpos_store_identity_clear (MposStoreIdentity *identity)
{
  g_clear_pointer (&identity->store_code, g_free);
  g_clear_pointer (&identity->terminal_code, g_free);
  g_clear_pointer (&identity->time_zone, g_free);
  g_clear_pointer (&identity->store_name, g_free);
  g_clear_pointer (&identity->store_address, g_free);
  g_clear_pointer (&identity->receipt_footer, g_free);
  identity->business_day_cutoff_hour = 0;
  identity->cash_rounding_step = 0;
  g_clear_pointer (&identity->member_discount_excludes, g_strfreev);
  mpos_scale_layout_init_default (&identity->scale_layout);
}

static gboolean
is_code (const char *text)
{
  gsize len = text ? strlen (text) : 0;

  if (len == 0 || len > 16)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
validate_identity (const MposStoreIdentity *identity, GError **error)
{
  g_autoptr (GTimeZone) zone = NULL;

  if (!is_code (identity->store_code) || !is_code (identity->terminal_code))
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CONSTRAINT,
                   "store and terminal codes must be 1–16 letters or digits");
      return FALSE;
    }
  zone = identity->time_zone ? g_time_zone_new_identifier (identity->time_zone) : NULL;
  if (zone == NULL)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CONSTRAINT,
                   "unknown time zone “%s” (use an IANA name such as Asia/Shanghai)",
                   identity->time_zone ? identity->time_zone : "");
      return FALSE;
    }
  if (identity->scale_layout.item_digits != 0
      && !mpos_scale_layout_validate (&identity->scale_layout, error))
    return FALSE;
  if (identity->business_day_cutoff_hour < 0 || identity->business_day_cutoff_hour > 23
      || (identity->cash_rounding_step != 0 && identity->cash_rounding_step != 10
          && identity->cash_rounding_step != 100))
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CONSTRAINT,
                   "the day cut-off hour must be 0–23 and cash rounding none, 0.1 or 1 yuan");
      return FALSE;
    }
  return TRUE;
}

char *
mpos_store_identity_setting_problem (const char *key, const char *value)
{
  g_autoptr (GTimeZone) zone = NULL;
  g_autoptr (GError) error = NULL;
  MposScaleLayout layout;
  gint64 number = 0;

  if (strcmp (key, "store_code") == 0 || strcmp (key, "terminal_code") == 0)
    return is_code (value) ? NULL : g_strdup ("a code is 1–16 letters or digits");
  if (strcmp (key, "time_zone") == 0)
    {
      zone = g_time_zone_new_identifier (value);
      return zone ? NULL : g_strdup ("not a time zone (an IANA name such as Asia/Shanghai)");
    }
  if (strcmp (key, "business_day_cutoff_hour") == 0)
    return g_ascii_string_to_signed (value, 10, 0, 23, &number, NULL)
               ? NULL
               : g_strdup ("the day cut-off is an hour, 0–23");
  if (strcmp (key, "cash_rounding_step") == 0)
    return g_ascii_string_to_signed (value, 10, 0, 100, &number, NULL)
                   && (number == 0 || number == 10 || number == 100)
               ? NULL
               : g_strdup ("cash rounding is 0 (none), 10 (0.1 yuan) or 100 (1 yuan) fen");
  if (strcmp (key, "scale_layout") == 0 && !mpos_scale_layout_parse (value, &layout, &error))
    return g_strdup (error->message);
  return NULL;
}

static gboolean
put_int_setting (MposStore *store, const char *key, int64_t value, GError **error)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  return mpos_store_put_setting (store, key, text, error);
}

static gboolean
put_scale_layout (MposStore *store, const MposStoreIdentity *identity, GError **error)
{
  MposScaleLayout layout = identity->scale_layout;
  g_autofree char *text = NULL;

  if (layout.item_digits == 0)
    mpos_scale_layout_init_default (&layout);
  text = mpos_scale_layout_to_string (&layout);
  return mpos_store_put_setting (store, "scale_layout", text, error);
}

static gboolean
put_discount_excludes (MposStore *store, const MposStoreIdentity *identity, GError **error)
{
  g_autofree char *text = identity->member_discount_excludes
                              ? g_strjoinv ("|", identity->member_discount_excludes)
                              : g_strdup ("");

  return mpos_store_put_setting (store, "member_discount_excludes", text, error);
}

static gboolean
put_identity (MposStore *store, const MposStoreIdentity *identity, GError **error)
{
  return put_scale_layout (store, identity, error)
         && put_discount_excludes (store, identity, error)
         && mpos_store_put_setting (store, "store_code", identity->store_code, error)
         && mpos_store_put_setting (store, "terminal_code", identity->terminal_code, error)
         && mpos_store_put_setting (store, "time_zone", identity->time_zone, error)
         && mpos_store_put_setting (store, "store_name", identity->store_name, error)
         && mpos_store_put_setting (store, "store_address", identity->store_address, error)
         && mpos_store_put_setting (store, "receipt_footer", identity->receipt_footer, error)
         && put_int_setting (store, "business_day_cutoff_hour",
                             identity->business_day_cutoff_hour, error)
         && put_int_setting (store, "cash_rounding_step", identity->cash_rounding_step, error);
}

static MposSql SQL_CODES_MAY_CHANGE
    = MPOS_SQL ("store-identity: codes may change", "SELECT count(*) FROM journal");

/* Receipt numbers, journal entries the centre has or will have, and member
 * QR codes carry the store and terminal codes: once anything is recorded
 * under them they are this store file's for good. */
static gboolean
codes_may_change (MposStore *store, const MposStoreIdentity *identity, GError **error)
{
  g_autofree char *store_code = mpos_store_get_setting (store, "store_code");
  g_autofree char *terminal_code = mpos_store_get_setting (store, "terminal_code");
  g_autoptr (MposStmt) stmt = NULL;
  int64_t records = 0;

  if (store_code == NULL || terminal_code == NULL
      || (strcmp (store_code, identity->store_code) == 0
          && strcmp (terminal_code, identity->terminal_code) == 0))
    return TRUE;
  stmt = mpos_store_stmt (store, &SQL_CODES_MAY_CHANGE, error);
  if (stmt == NULL
      || !mpos_store_step_returning (store, stmt, "counting records", &records, error))
    return FALSE;
  if (records == 0)
    return TRUE;
  g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_IDENTITY_IN_USE,
               "this store already holds %" G_GINT64_FORMAT " records made as store %s, "
               "terminal %s; their receipt numbers and sync ids depend on those codes, so they "
               "cannot become %s/%s. Give the other terminal a store file of its own",
               records, store_code, terminal_code, identity->store_code, identity->terminal_code);
  return FALSE;
}

gboolean
mpos_store_set_identity (MposStore *store, const MposStoreIdentity *identity, GError **error)
{
  if (!validate_identity (identity, error) || !mpos_store_begin (store, error))
    return FALSE;
  if (!codes_may_change (store, identity, error) || !put_identity (store, identity, error))
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  if (!mpos_store_commit (store, error))
    return FALSE;
  store->identity_loaded = FALSE;
  mpos_store_identity_clear (&store->identity);
  g_clear_pointer (&store->time_zone, g_time_zone_unref);
  mpos_store_training_note (store); /* a new store is now what it is */
  return TRUE;
}

static int64_t
get_int_setting (MposStore *store, const char *key)
{
  g_autofree char *text = mpos_store_get_setting (store, key);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static void
load_scale_layout (MposStore *store, MposStoreIdentity *identity)
{
  g_autofree char *text = mpos_store_get_setting (store, "scale_layout");
  g_autoptr (GError) error = NULL;

  mpos_scale_layout_init_default (&identity->scale_layout);
  if (text && !mpos_scale_layout_parse (text, &identity->scale_layout, &error))
    g_warning ("store setting scale_layout ignored, using the default: %s", error->message);
}

static void
load_discount_excludes (MposStore *store, MposStoreIdentity *identity)
{
  g_autofree char *text = mpos_store_get_setting (store, "member_discount_excludes");

  identity->member_discount_excludes = text && *text ? g_strsplit (text, "|", 0) : NULL;
}

static gboolean
load_identity (MposStore *store, GError **error)
{
  MposStoreIdentity *identity = &store->identity;

  identity->store_code = mpos_store_get_setting (store, "store_code");
  identity->terminal_code = mpos_store_get_setting (store, "terminal_code");
  identity->time_zone = mpos_store_get_setting (store, "time_zone");
  if (identity->store_code == NULL || identity->terminal_code == NULL)
    {
      mpos_store_identity_clear (identity);
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_NOT_INITIALISED,
                   "%s has no store identity; run `mallposctl init`", store->path);
      return FALSE;
    }
  identity->store_name = mpos_store_get_setting (store, "store_name");
  identity->store_address = mpos_store_get_setting (store, "store_address");
  identity->receipt_footer = mpos_store_get_setting (store, "receipt_footer");
  identity->business_day_cutoff_hour = (int) get_int_setting (store, "business_day_cutoff_hour");
  identity->cash_rounding_step = get_int_setting (store, "cash_rounding_step");
  load_scale_layout (store, identity);
  load_discount_excludes (store, identity);
  store->time_zone = g_time_zone_new_identifier (identity->time_zone ? identity->time_zone : "UTC");
  if (store->time_zone == NULL)
    store->time_zone = g_time_zone_new_utc ();
  store->identity_loaded = TRUE;
  return TRUE;
}

const MposStoreIdentity *
mpos_store_get_identity (MposStore *store, GError **error)
{
  if (!store->identity_loaded && !load_identity (store, error))
    return NULL;
  return &store->identity;
}

static GDateTime *
local_date_time (MposStore *store, int64_t utc_seconds)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (utc_seconds);

  if (!mpos_store_get_identity (store, NULL))
    return g_date_time_ref (utc);
  return g_date_time_to_timezone (utc, store->time_zone);
}

char *
mpos_store_business_day (MposStore *store, int64_t utc_seconds)
{
  g_autoptr (GDateTime) local = local_date_time (store, utc_seconds);
  g_autoptr (GDateTime) shifted
      = g_date_time_add_hours (local, -store->identity.business_day_cutoff_hour);

  return g_date_time_format (shifted, "%Y%m%d");
}

char *
mpos_store_local_time (MposStore *store, int64_t utc_seconds)
{
  g_autoptr (GDateTime) local = local_date_time (store, utc_seconds);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}
