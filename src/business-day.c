/* business-day.c — the business day of a numbered record, never running
 * backwards, and the audit of a clock set back (business-day.h). */
#include "business-day.h"
#include "audit.h"
#include "clock.h"
#include "store-private.h"

#include <string.h>

static MposSql SQL_COUNTER
    = MPOS_SQL ("business-day: counter",
                "SELECT coalesce ((SELECT value FROM counters WHERE name = :name), 0)");
static MposSql SQL_SET_COUNTER = MPOS_SQL (
    "business-day: set counter", "INSERT INTO counters (name, value) VALUES (:name, :value) "
                                 "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
static MposSql SQL_CREATED = MPOS_SQL (
    "business-day: created",
    "INSERT INTO settings (key, value) VALUES ('created_at', :value) ON CONFLICT (key) DO NOTHING");

static gboolean
read_counter (MposStore *store, const char *name, int64_t *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_COUNTER, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":name", name);
  return mpos_store_step_returning (store, stmt, "reading the business day", out, error);
}

static gboolean
write_counter (MposStore *store, const char *name, int64_t value, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SET_COUNTER, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":name", name);
  mpos_bind_int64 (stmt, ":value", value);
  return mpos_store_step_done (store, stmt, "moving the business day on", error);
}

/* A clock reading before the store was created is as wrong as one in 1999. */
static gboolean
check_after_creation (MposStore *store, int64_t now, GError **error)
{
  g_autofree char *text = mpos_store_get_setting (store, "created_at");
  int64_t created = text ? g_ascii_strtoll (text, NULL, 10) : 0;
  g_autofree char *reading = NULL, *creation = NULL;

  if (created <= 0 || now >= created)
    return TRUE;
  reading = mpos_store_local_time (store, now);
  creation = mpos_store_local_time (store, created);
  g_set_error (error, MPOS_CLOCK_ERROR, MPOS_CLOCK_ERROR_ABSURD,
               "the clock reads %s%s%s%s, before this store was created (%s); nothing was "
               "recorded. %s",
               reading, mpos_clock_pinned () ? " (MALLPOS_NOW=" : "",
               mpos_clock_pinned () ? g_getenv ("MALLPOS_NOW") : "",
               mpos_clock_pinned () ? ")" : "", creation,
               mpos_clock_pinned () ? "Fix or unset MALLPOS_NOW"
                                        : "Set the terminal's date and time, then try again");
  return FALSE;
}

gboolean
mpos_business_day_peek (MposStore *store, int64_t now, MposBusinessDay *out, GError **error)
{
  g_autofree char *clock_day = NULL;
  int64_t latest = 0;

  memset (out, 0, sizeof *out);
  if (!mpos_clock_check (now, error) || !mpos_store_get_identity (store, error)
      || !check_after_creation (store, now, error)
      || !read_counter (store, "business_day", &latest, error)
      || !read_counter (store, "clock_last", &out->previous_at, error))
    return FALSE;
  out->now = now;
  clock_day = mpos_store_business_day (store, now);
  g_strlcpy (out->clock_day, clock_day, sizeof out->clock_day);
  out->day_held = latest > g_ascii_strtoll (clock_day, NULL, 10);
  if (out->day_held)
    g_snprintf (out->business_day, sizeof out->business_day, "%08" G_GINT64_FORMAT, latest);
  else
    g_strlcpy (out->business_day, clock_day, sizeof out->business_day);
  out->jumped_back
      = out->previous_at > 0 && now < out->previous_at - MPOS_CLOCK_JUMP_TOLERANCE;
  return TRUE;
}

static char *
duration_text (int64_t seconds)
{
  if (seconds >= 2 * 86400)
    return g_strdup_printf ("%" G_GINT64_FORMAT " days", seconds / 86400);
  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT " h %02" G_GINT64_FORMAT " min", seconds / 3600,
                            seconds % 3600 / 60);
  return g_strdup_printf ("%" G_GINT64_FORMAT " min", seconds / 60);
}

static gboolean
audit_jump (MposStore *store, const MposBusinessDay *day, const char *actor, GError **error)
{
  g_autofree char *reading = mpos_store_local_time (store, day->now);
  g_autofree char *previous = mpos_store_local_time (store, day->previous_at);
  g_autofree char *back = duration_text (day->previous_at - day->now);
  g_autofree char *detail
      = g_strdup_printf ("the clock went back %s: it reads %s, the previous record was made at %s; "
                         "records stay in business day %s",
                         back, reading, previous, day->business_day);

  return mpos_audit_record (store, day->now, actor, "clock_back", day->business_day, detail,
                            error);
}

gboolean
mpos_business_day_stamp (MposStore *store, int64_t now, const char *actor, MposBusinessDay *out,
                         GError **error)
{
  if (!mpos_business_day_peek (store, now, out, error))
    return FALSE;
  if (out->jumped_back && !audit_jump (store, out, actor, error))
    return FALSE;
  return (out->day_held
          || write_counter (store, "business_day", g_ascii_strtoll (out->business_day, NULL, 10),
                            error))
         && write_counter (store, "clock_last", now, error);
}

char *
mpos_business_day_warning (MposStore *store, const MposBusinessDay *day)
{
  g_autofree char *reading = NULL, *previous = NULL, *back = NULL;

  if (!day->day_held && !day->jumped_back)
    return NULL;
  reading = mpos_store_local_time (store, day->now);
  if (!day->jumped_back)
    return g_strdup_printf ("the clock reads %s, which is business day %s, but business day %s "
                            "has begun already: records stay in %s. Check the terminal's clock",
                            reading, day->clock_day, day->business_day, day->business_day);
  previous = mpos_store_local_time (store, day->previous_at);
  back = duration_text (day->previous_at - day->now);
  return g_strdup_printf ("the clock went back %s (it reads %s; the previous record was made at "
                          "%s): recorded in the audit; records stay in business day %s. Check "
                          "the terminal's clock",
                          back, reading, previous, day->business_day);
}

gboolean
mpos_business_day_note_created (MposStore *store, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  char text[32];

  if (!mpos_clock_check (now, error))
    return FALSE;
  stmt = mpos_store_stmt (store, &SQL_CREATED, error);
  if (stmt == NULL)
    return FALSE;
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, now);
  mpos_bind_text (stmt, ":value", text);
  return mpos_store_step_done (store, stmt, "recording when the store was created", error);
}
