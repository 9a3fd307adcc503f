/* fuzz-util.c — the refusal checks every fuzz target shares (fuzz-util.h). */
#include "fuzz-util.h"

void
fuzz_assert_refusal (const GError *error, GQuark domain, GQuark or_domain)
{
  g_assert_nonnull (error);
  if (domain != 0)
    g_assert_true (error->domain == domain || (or_domain != 0 && error->domain == or_domain));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

int
fuzz_refused_leaving_nothing (const GError *error, gconstpointer left_over)
{
  fuzz_assert_refusal (error, 0, 0);
  g_assert_null (left_over);
  return 0;
}
