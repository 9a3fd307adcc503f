/* store-status.c — the store's status read model (see store-status.h). */
#include "store-status.h"

#include "cashier.h"
#include "demo-store.h"

void
mpos_store_status_free (MposStoreStatus *s)
{
  if (s == NULL)
    return;
  g_free (s->path);
  g_free (s->store_code);
  g_free (s->terminal_code);
  g_free (s->store_name);
  g_free (s->time_zone);
  g_free (s->default_cashier);
  g_free (s);
}

MposStoreStatus *
mpos_store_status (MposStore *store, GError **error)
{
  const MposStoreIdentity *identity = mpos_store_get_identity (store, error);
  MposStoreStatus *s;

  if (identity == NULL)
    return NULL;
  s = g_new0 (MposStoreStatus, 1);
  s->path = g_strdup (mpos_store_path (store));
  s->store_code = g_strdup (identity->store_code);
  s->terminal_code = g_strdup (identity->terminal_code);
  s->store_name = g_strdup (identity->store_name ? identity->store_name : "");
  s->time_zone = g_strdup (identity->time_zone);
  s->schema_version = mpos_store_schema_version ();
  s->demo = mpos_demo_store_is (store);
  s->training = mpos_store_is_training (store);
  s->default_cashier = mpos_cashier_get_default (store);
  return s;
}

cJSON *
mpos_store_status_to_json (const MposStoreStatus *s)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddStringToObject (json, "path", s->path);
  cJSON_AddStringToObject (json, "store_code", s->store_code);
  cJSON_AddStringToObject (json, "terminal_code", s->terminal_code);
  cJSON_AddStringToObject (json, "store_name", s->store_name);
  cJSON_AddStringToObject (json, "time_zone", s->time_zone);
  cJSON_AddNumberToObject (json, "schema_version", s->schema_version);
  cJSON_AddBoolToObject (json, "demo", s->demo);
  cJSON_AddBoolToObject (json, "training", s->training);
  if (s->default_cashier)
    cJSON_AddStringToObject (json, "default_cashier", s->default_cashier);
  else
    cJSON_AddNullToObject (json, "default_cashier");
  return json;
}
