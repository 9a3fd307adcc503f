/* clock.c — "now" for the core, overridable by MALLPOS_NOW for reproducible
 * tests and demos (a malformed value is ignored with a warning, never fatal). */
#include "clock.h"

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

int64_t
mpos_clock_now (void)
{
  const char *pinned = g_getenv ("MALLPOS_NOW");
  int64_t now;

  if (pinned != NULL)
    {
      if (mpos_clock_parse_iso8601 (pinned, &now))
        return now;
      g_warning ("ignoring MALLPOS_NOW=%s: not an ISO 8601 time with a zone", pinned);
    }
  return g_get_real_time () / G_USEC_PER_SEC;
}
