/* store-status.h — which store this is and how it is set up, as a typed
 * read model: the store and terminal, its time zone and schema, whether it
 * is the demo's store, the default cashier. `mallposctl status` prints it,
 * a settings or about screen shows it; mpos_store_status_to_json is the
 * --json form scripts read (demo.sh asks it before replacing a store). */
#pragma once

#include <cjson/cJSON.h>
#include "store.h"

G_BEGIN_DECLS

typedef struct
{
  char *path;
  char *store_code;
  char *terminal_code;
  char *store_name; /* "" when unset */
  char *time_zone;
  int schema_version;
  gboolean demo;
  gboolean training; /* 练习模式: set at init, never cleared */
  char *default_cashier; /* NULL: none */
} MposStoreStatus;

void mpos_store_status_free (MposStoreStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposStoreStatus, mpos_store_status_free)

MposStoreStatus *mpos_store_status (MposStore *store, GError **error);

/* {"path","store_code","terminal_code","store_name","time_zone",
 *  "schema_version","demo","training","default_cashier"} (null: none). */
cJSON *mpos_store_status_to_json (const MposStoreStatus *status);

G_END_DECLS
