/* settings-check.h — part of `check`: every settings row read as the
 * program reads it; an unreadable or unusable row is a problem naming its key. */
#pragma once

#include <glib.h>
#include "store.h"

G_BEGIN_DECLS

/* Appends one sentence per bad settings row to *problems (char*). FALSE
 * only when the settings could not be read at all. */
gboolean mpos_settings_check (MposStore *store, GPtrArray *problems, GError **error);

G_END_DECLS
