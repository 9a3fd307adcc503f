/* mpos-read-model.c — cJSON read models, isolated (mpos-read-model.h). */
#include "mpos-read-model.h"

#include "coupon.h"

guint
mpos_read_model_usable_coupons (MposStore *store, int64_t member_id, int64_t now)
{
  g_autoptr (GError) error = NULL;
  cJSON *json = mpos_coupon_list_json (store, member_id, now, &error);
  const cJSON *coupon;
  guint usable = 0;

  if (json == NULL)
    {
      g_debug ("member coupons: %s", error->message);
      return 0;
    }
  cJSON_ArrayForEach (coupon, cJSON_GetObjectItemCaseSensitive (json, "coupons"))
  {
    const cJSON *status = cJSON_GetObjectItemCaseSensitive (coupon, "status");
    if (cJSON_IsString (status) && g_str_equal (status->valuestring, "issued"))
      usable++;
  }
  cJSON_Delete (json);
  return usable;
}
