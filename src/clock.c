/* clock.c — "now" for the core, overridable by MALLPOS_NOW for reproducible
 * tests and demos. A malformed MALLPOS_NOW is an error (mpos_clock_read,
 * mpos_clock_check): falling back to the real clock would sell at a time
 * nobody asked for. MALLPOS_NOW is honoured for training stores only: while
 * a production store is open in the process, the process reads the real
 * clock (a pinned clock would replay expired QR codes, earn member-day
 * points on any day and confirm pending points early), and says so once on
 * stderr. */
#include "clock.h"

#include <stdio.h>

/* How many production stores this process has open now. */
static gint production_stores_open = 0;

void
mpos_clock_production_store_opened (void)
{
  g_atomic_int_inc (&production_stores_open);
}

void
mpos_clock_production_store_closed (void)
{
  g_atomic_int_dec_and_test (&production_stores_open);
}

static void
say_pinned_clock_ignored (const char *pinned)
{
  static gsize said = 0;

  if (g_once_init_enter (&said))
    {
      fprintf (stderr,
               "MALLPOS_NOW=%s is ignored: this is a production store, which always goes by the "
               "real clock (only a store made with `mallposctl init --training` takes it)\n",
               pinned);
      g_once_init_leave (&said, 1);
    }
}

/* clang-format off */
G_DEFINE_QUARK (mpos-clock-error-quark, mpos_clock_error)
/* clang-format on */

gboolean
mpos_clock_parse_iso8601 (const char *text, int64_t *out)
{
  g_autoptr (GDateTime) time = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return FALSE;
  *out = g_date_time_to_unix (time);
  return TRUE;
}

gboolean
mpos_clock_pinned (void)
{
  return g_getenv ("MALLPOS_NOW") != NULL
         && g_atomic_int_get (&production_stores_open) == 0;
}

int64_t
mpos_clock_now (void)
{
  const char *pinned = g_getenv ("MALLPOS_NOW");
  int64_t now;

  if (pinned != NULL && g_atomic_int_get (&production_stores_open) > 0)
    {
      say_pinned_clock_ignored (pinned);
      pinned = NULL;
    }
  if (pinned == NULL)
    return g_get_real_time () / G_USEC_PER_SEC;
  return mpos_clock_parse_iso8601 (pinned, &now) ? now : MPOS_CLOCK_UNREADABLE;
}

gboolean
mpos_clock_check (int64_t now, GError **error)
{
  const char *pinned = mpos_clock_pinned () ? g_getenv ("MALLPOS_NOW") : NULL;
  g_autoptr (GDateTime) utc = NULL;
  g_autofree char *text = NULL;

  if (now == MPOS_CLOCK_UNREADABLE)
    {
      g_set_error (error, MPOS_CLOCK_ERROR, MPOS_CLOCK_ERROR_MALFORMED,
                   "MALLPOS_NOW=%s is not an ISO 8601 time with a zone; write it like "
                   "2026-11-23T10:00:00+08:00, or unset it to use the real clock",
                   pinned ? pinned : "");
      return FALSE;
    }
  if (now >= MPOS_CLOCK_EARLIEST && now < MPOS_CLOCK_END)
    return TRUE;
  utc = g_date_time_new_from_unix_utc (now);
  text = utc ? g_date_time_format (utc, "%Y-%m-%d %H:%M:%S UTC")
             : g_strdup_printf ("%" G_GINT64_FORMAT " s after 1970", now);
  g_set_error (error, MPOS_CLOCK_ERROR, MPOS_CLOCK_ERROR_ABSURD,
               "the clock reads %s%s%s%s, which cannot be right (a terminal's clock must read "
               "2000–2099); nothing was recorded. %s",
               text, pinned ? " (MALLPOS_NOW=" : "", pinned ? pinned : "", pinned ? ")" : "",
               pinned ? "Fix or unset MALLPOS_NOW" : "Set the terminal's date and time, then try again");
  return FALSE;
}

gboolean
mpos_clock_read (int64_t *now, GError **error)
{
  *now = mpos_clock_now ();
  return mpos_clock_check (*now, error);
}
