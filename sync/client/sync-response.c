/* sync-response.c — the centre's answers read strictly: the strict reader
 * first (one document, only this message's keys, each once), then every
 * field through a typed, bounded getter. Nothing half-read is returned. */
#include "sync-response.h"
#include "fail.h"
#include "json-fields.h"
#include "json-strict.h"

#include <string.h>

#define MAX_SEQ ((int64_t) 9007199254740991) /* 2^53 - 1: exact in JSON */

static const MposJsonKey enrolled_keys[] = {
  { "protocol", NULL }, { "terminal", NULL }, { "token", NULL }, { "contiguous_seq", NULL },
  { NULL, NULL },
};
static const MposJsonShape enrolled_shape = { .what = "an enrolment answer",
                                              .keys = enrolled_keys };

static const MposJsonKey first_keys[] = { { "status", NULL }, { "reason", NULL }, { NULL, NULL } };
static const MposJsonShape first_shape = { .what = "a first outcome", .keys = first_keys };
static const MposJsonKey result_keys[] = {
  { "seq", NULL }, { "id", NULL }, { "status", NULL }, { "reason", NULL },
  { "first", &first_shape }, { NULL, NULL },
};
static const MposJsonShape result_shape = { .what = "an entry's result", .keys = result_keys };
static const MposJsonShape results_shape = { .what = "the results", .items = &result_shape };
static const MposJsonKey push_keys[] = {
  { "protocol", NULL }, { "results", &results_shape }, { "contiguous_seq", NULL }, { NULL, NULL },
};
static const MposJsonShape push_shape = { .what = "a push answer", .keys = push_keys };

static const MposJsonKey price_keys[] = {
  { "code", NULL }, { "name", NULL }, { "price", NULL }, { "change", NULL }, { NULL, NULL },
};
static const MposJsonShape price_shape = { .what = "a price", .keys = price_keys };
static const MposJsonShape prices_shape = { .what = "the items", .items = &price_shape };
static const MposJsonKey page_keys[] = {
  { "protocol", NULL }, { "stream", NULL }, { "items", &prices_shape }, { "cursor", NULL },
  { "more", NULL },     { NULL, NULL },
};
static const MposJsonShape page_shape = { .what = "a prices page", .keys = page_keys };

static const MposJsonKey error_inner_keys[]
    = { { "code", NULL }, { "message", NULL }, { NULL, NULL } };
static const MposJsonShape error_inner_shape = { .what = "an error", .keys = error_inner_keys };
static const MposJsonKey error_keys[]
    = { { "protocol", NULL }, { "error", &error_inner_shape }, { NULL, NULL } };
static const MposJsonShape error_shape = { .what = "an error answer", .keys = error_keys };

/* A value the message's shape allows but its meaning does not. */
#define refuse(error, ...) mpos_fail ((error), MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE, __VA_ARGS__)

/* The document, strictly read, with "protocol": 1. */
static cJSON *
read_answer (const char *data, gsize length, const MposJsonShape *shape, GError **error)
{
  g_autoptr (cJSON) json = mpos_json_parse (data, length, shape, error);
  int64_t protocol = 0;

  if (json == NULL || !mpos_json_get_int (json, "protocol", TRUE, 0, G_MAXINT32, &protocol, error))
    return NULL;
  if (protocol != 1)
    {
      refuse (error, "the centre speaks protocol %" G_GINT64_FORMAT ", this terminal 1",
              protocol);
      return NULL;
    }
  return g_steal_pointer (&json);
}

void
mpos_sync_enrolled_clear (MposSyncEnrolled *e)
{
  g_clear_pointer (&e->terminal, g_free);
  g_clear_pointer (&e->token, g_free);
}

gboolean
mpos_sync_parse_enrolled (const char *data, gsize length, MposSyncEnrolled *out, GError **error)
{
  g_autoptr (cJSON) json = read_answer (data, length, &enrolled_shape, error);
  const char *terminal = NULL, *token = NULL;

  if (json == NULL || !mpos_json_get_string (json, "terminal", TRUE, 65, &terminal, error)
      || !mpos_json_get_string (json, "token", TRUE, 200, &token, error)
      || !mpos_json_get_int (json, "contiguous_seq", TRUE, 0, MAX_SEQ, &out->contiguous_seq,
                             error))
    return FALSE;
  if (strlen (token) < 32 || strspn (token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                            "0123456789-_")
                                 != strlen (token))
    return refuse (error, "“token” must be at least 32 characters of base64url");
  out->terminal = g_strdup (terminal);
  out->token = g_strdup (token);
  return TRUE;
}

/* ---- push ---- */

static void
result_clear (MposSyncResult *r)
{
  g_clear_pointer (&r->id, g_free);
  g_clear_pointer (&r->reason, g_free);
}

void
mpos_sync_push_answer_clear (MposSyncPushAnswer *a)
{
  g_clear_pointer (&a->results, g_array_unref);
}

static gboolean
read_status (const cJSON *object, MposSyncOutcome *status, const char **reason, GError **error)
{
  const char *text = NULL;

  *reason = NULL;
  if (!mpos_json_get_string (object, "status", TRUE, 16, &text, error)
      || !mpos_json_get_string (object, "reason", FALSE, 1000, reason, error))
    return FALSE;
  if (strcmp (text, "applied") == 0)
    *status = MPOS_SYNC_APPLIED;
  else if (strcmp (text, "duplicate") == 0)
    *status = MPOS_SYNC_DUPLICATE;
  else if (strcmp (text, "rejected") == 0)
    *status = MPOS_SYNC_REJECTED;
  else
    return refuse (error, "“status” must be applied, duplicate or rejected");
  if ((*status == MPOS_SYNC_REJECTED) != (*reason != NULL))
    return refuse (error, "a reason comes with “rejected” and only with it");
  return TRUE;
}

static gboolean
read_result (const cJSON *item, MposSyncResult *r, GError **error)
{
  const cJSON *first = cJSON_GetObjectItemCaseSensitive (item, "first");
  const char *id = NULL, *reason = NULL;
  MposSyncOutcome first_status = MPOS_SYNC_APPLIED;

  if (!mpos_json_get_int (item, "seq", TRUE, 1, MAX_SEQ, &r->seq, error)
      || !mpos_json_get_string (item, "id", TRUE, 36, &id, error)
      || !read_status (item, &r->status, &reason, error))
    return FALSE;
  if ((r->status == MPOS_SYNC_DUPLICATE) != (first != NULL))
    return refuse (error, "“first” comes with “duplicate” and only with it");
  if (first != NULL)
    {
      if (!cJSON_IsObject (first) || !read_status (first, &first_status, &reason, error))
        return FALSE;
      if (first_status == MPOS_SYNC_DUPLICATE)
        return refuse (error, "a first outcome is applied or rejected");
    }
  r->id = g_strdup (id);
  r->reason = g_strdup (reason);
  return TRUE;
}

gboolean
mpos_sync_parse_push (const char *data, gsize length, MposSyncPushAnswer *out, GError **error)
{
  g_autoptr (cJSON) json = read_answer (data, length, &push_shape, error);
  const cJSON *list, *item;
  guint i = 0;

  if (json == NULL
      || !mpos_json_get_int (json, "contiguous_seq", TRUE, 0, MAX_SEQ, &out->contiguous_seq, error))
    return FALSE;
  if (!cJSON_IsArray (list = cJSON_GetObjectItemCaseSensitive (json, "results")))
    return refuse (error, "“results” must be a list");
  out->results = g_array_new (FALSE, TRUE, sizeof (MposSyncResult));
  g_array_set_clear_func (out->results, (GDestroyNotify) result_clear);
  cJSON_ArrayForEach (item, list)
  {
    MposSyncResult r = { 0 };
    if (!read_result (item, &r, error))
      {
        result_clear (&r);
        g_prefix_error (error, "results[%u]: ", i);
        g_clear_pointer (&out->results, g_array_unref);
        return FALSE;
      }
    g_array_append_val (out->results, r);
    i++;
  }
  return TRUE;
}

/* ---- pull: prices ---- */

void
mpos_sync_price_page_clear (MposSyncPricePage *p)
{
  g_clear_pointer (&p->items, g_array_unref);
  g_clear_pointer (&p->strings, g_ptr_array_unref);
}

static gboolean
read_price (const cJSON *item, MposSyncPricePage *page, int64_t *change, GError **error)
{
  const char *code = NULL, *name = NULL;
  MposSyncPrice price = { 0 };

  if (!mpos_json_get_string (item, "code", TRUE, 32, &code, error)
      || !mpos_json_get_string (item, "name", TRUE, 200 * 4, &name, error)
      || !mpos_json_get_money (item, "price", TRUE, MPOS_MONEY_PARSE_DEFAULT, &price.price, error)
      || !mpos_json_get_int (item, "change", TRUE, 1, MAX_SEQ, change, error))
    return FALSE;
  if (*code == '\0' || *name == '\0')
    return refuse (error, "“code” and “name” must not be empty");
  g_ptr_array_add (page->strings, (gpointer) (price.code = g_strdup (code)));
  g_ptr_array_add (page->strings, (gpointer) (price.name = g_strdup (name)));
  g_array_append_val (page->items, price);
  return TRUE;
}

gboolean
mpos_sync_parse_prices (const char *data, gsize length, MposSyncPricePage *out, GError **error)
{
  g_autoptr (cJSON) json = read_answer (data, length, &page_shape, error);
  const cJSON *list, *item;
  const char *stream = NULL;
  int64_t last = 0;
  guint i = 0;

  if (json == NULL || !mpos_json_get_string (json, "stream", TRUE, 32, &stream, error)
      || !mpos_json_get_int (json, "cursor", TRUE, 0, MAX_SEQ, &out->cursor, error)
      || !mpos_json_get_bool (json, "more", &out->more, error))
    return FALSE;
  if (strcmp (stream, "prices") != 0)
    return refuse (error, "asked for the prices stream, got “%s”", stream);
  if (!cJSON_IsArray (list = cJSON_GetObjectItemCaseSensitive (json, "items"))
      || !cJSON_IsBool (cJSON_GetObjectItemCaseSensitive (json, "more")))
    return refuse (error, "“items” must be a list and “more” true or false");
  out->items = g_array_new (FALSE, TRUE, sizeof (MposSyncPrice));
  out->strings = g_ptr_array_new_with_free_func (g_free);
  cJSON_ArrayForEach (item, list)
  {
    int64_t change = 0;
    if (!read_price (item, out, &change, error))
      return g_prefix_error (error, "items[%u]: ", i), mpos_sync_price_page_clear (out), FALSE;
    if (change <= last || change > out->cursor)
      return mpos_sync_price_page_clear (out),
             refuse (error, "items[%u]: “change” must increase and not pass “cursor”", i);
    last = change;
    i++;
  }
  return TRUE;
}

/* ---- errors ---- */

gboolean
mpos_sync_parse_error (const char *data, gsize length, char **code, char **message,
                       GError **error)
{
  g_autoptr (cJSON) json = read_answer (data, length, &error_shape, error);
  const cJSON *inner = json ? cJSON_GetObjectItemCaseSensitive (json, "error") : NULL;
  const char *c = NULL, *m = NULL;

  if (json == NULL)
    return FALSE;
  if (!cJSON_IsObject (inner))
    return refuse (error, "“error” must be an object");
  if (!mpos_json_get_string (inner, "code", TRUE, 40, &c, error)
      || !mpos_json_get_string (inner, "message", TRUE, 1000, &m, error))
    return FALSE;
  *code = g_strdup (c);
  *message = g_strdup (m);
  return TRUE;
}
