/* sync-response.c — the centre's answers read strictly: the strict reader
 * first (one document, only this message's keys, each once), then every
 * field through a typed, bounded getter. Nothing half-read is returned. */
#include "sync-response.h"
#include "fail.h"
#include "sync-member-holdings.h"
#include "json-fields.h"
#include "json-strict.h"
#include "member-qr.h"
#include "uuid.h"

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
  { "code", NULL },     { "name", NULL }, { "price", NULL },
  { "category", NULL }, { "unit", NULL }, { "barcodes", NULL },
  { "change", NULL },   { NULL, NULL },
};
static const MposJsonShape price_shape = { .what = "a price", .keys = price_keys };
static const MposJsonShape prices_shape = { .what = "the items", .items = &price_shape };
static const MposJsonKey page_keys[] = {
  { "protocol", NULL }, { "stream", NULL }, { "items", &prices_shape }, { "cursor", NULL },
  { "more", NULL },     { NULL, NULL },
};
static const MposJsonShape page_shape = { .what = "a prices page", .keys = page_keys };

static const MposJsonKey card_keys[] = {
  { "card_no", NULL }, { "kind", NULL }, { "status", NULL }, { "replaced_by", NULL }, { NULL, NULL },
};
static const MposJsonShape card_shape = { .what = "a member card", .keys = card_keys };
static const MposJsonShape cards_shape = { .what = "the cards", .items = &card_shape };
static const MposJsonKey member_keys[] = {
  { "uid", NULL },     { "name", NULL },   { "phone", NULL },      { "level", NULL },
  { "birthday", NULL }, { "gender", NULL }, { "created_at", NULL }, { "cards", &cards_shape },
  { "points", NULL },  { "stored_value", NULL }, { "change", NULL }, { "qr_secret", NULL },
  { "points_lots", &mpos_sync_lots_shape }, { "coupons", &mpos_sync_coupons_shape },
  { NULL, NULL },
};
static const MposJsonShape member_shape = { .what = "a member", .keys = member_keys };
static const MposJsonShape members_shape = { .what = "the items", .items = &member_shape };
static const MposJsonKey member_page_keys[] = {
  { "protocol", NULL }, { "stream", NULL }, { "items", &members_shape }, { "cursor", NULL },
  { "more", NULL },     { NULL, NULL },
};
static const MposJsonShape member_page_shape = { .what = "a members page", .keys = member_page_keys };

static const MposJsonKey hotlist_keys[] = {
  { "kind", NULL }, { "value", NULL }, { "blocked", NULL }, { "reason", NULL }, { "change", NULL },
  { NULL, NULL },
};
static const MposJsonShape hotlist_shape = { .what = "a hotlist entry", .keys = hotlist_keys };
static const MposJsonShape hotlists_shape = { .what = "the items", .items = &hotlist_shape };
static const MposJsonKey hotlist_page_keys[] = {
  { "protocol", NULL }, { "stream", NULL }, { "items", &hotlists_shape }, { "cursor", NULL },
  { "more", NULL },     { NULL, NULL },
};
static const MposJsonShape hotlist_page_shape = { .what = "a hotlist page", .keys = hotlist_page_keys };

static const MposJsonKey document_keys[] = {
  { "key", NULL }, { "body", NULL }, { "change", NULL }, { NULL, NULL },
};
static const MposJsonShape document_shape = { .what = "a document", .keys = document_keys };
static const MposJsonShape documents_shape = { .what = "the items", .items = &document_shape };
static const MposJsonKey document_page_keys[] = {
  { "protocol", NULL }, { "stream", NULL }, { "items", &documents_shape }, { "cursor", NULL },
  { "more", NULL },     { NULL, NULL },
};
static const MposJsonShape document_page_shape = { .what = "a documents page",
                                                   .keys = document_page_keys };

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

/* Each item of a page: read it into the page; *change its change number. */
typedef gboolean (*ReadItem) (const cJSON *item, gpointer page, int64_t *change, GError **error);

/* A page of `stream`: its cursor and `more`, then every item in increasing
 * change order, none past the cursor. */
static gboolean
read_page (const char *data, gsize length, const MposJsonShape *shape, const char *stream,
           int64_t *cursor, gboolean *more, ReadItem read_item, gpointer page, GError **error)
{
  g_autoptr (cJSON) json = read_answer (data, length, shape, error);
  const cJSON *list, *item;
  const char *name = NULL;
  int64_t last = 0;
  guint i = 0;

  if (json == NULL || !mpos_json_get_string (json, "stream", TRUE, 32, &name, error)
      || !mpos_json_get_int (json, "cursor", TRUE, 0, MAX_SEQ, cursor, error)
      || !mpos_json_get_bool (json, "more", more, error))
    return FALSE;
  if (strcmp (name, stream) != 0)
    return refuse (error, "asked for the %s stream, got “%s”", stream, name);
  if (!cJSON_IsArray (list = cJSON_GetObjectItemCaseSensitive (json, "items"))
      || !cJSON_IsBool (cJSON_GetObjectItemCaseSensitive (json, "more")))
    return refuse (error, "“items” must be a list and “more” true or false");
  cJSON_ArrayForEach (item, list)
  {
    int64_t change = 0;
    if (!read_item (item, page, &change, error))
      return g_prefix_error (error, "items[%u]: ", i), FALSE;
    if (change <= last || change > *cursor)
      return refuse (error, "items[%u]: “change” must increase and not pass “cursor”", i);
    last = change;
    i++;
  }
  return TRUE;
}

static const char *
keep (GPtrArray *strings, const char *text)
{
  char *copy = g_strdup (text);

  if (copy)
    g_ptr_array_add (strings, copy);
  return copy;
}

/* The optional "category", "unit" and "barcodes" of a price (PROTOCOL.md
 * 5.3): a category path, piece or weight, at most 16 codes of 1–32 letters
 * or digits. */
static gboolean
read_price_sku (const cJSON *item, MposSyncPricePage *page, MposSyncPrice *price, GError **error)
{
  const cJSON *list = cJSON_GetObjectItemCaseSensitive (item, "barcodes"), *code;
  const char *category = NULL, *unit = NULL;
  const char **barcodes;
  guint n = 0;

  if (!mpos_json_get_string (item, "category", FALSE, 100 * 4, &category, error)
      || !mpos_json_get_string (item, "unit", FALSE, 8, &unit, error))
    return FALSE;
  if (category && (*category == '\0' || *category == '/' || g_str_has_suffix (category, "/")
                   || strstr (category, "//")))
    return refuse (error, "“category” is a path like 食品/饮料");
  if (unit && strcmp (unit, "piece") != 0 && strcmp (unit, "weight") != 0)
    return refuse (error, "“unit” is piece or weight");
  if (list && (!cJSON_IsArray (list) || cJSON_GetArraySize (list) > 16))
    return refuse (error, "“barcodes” must be a list of at most 16 codes");
  barcodes = g_new0 (const char *, 17);
  g_ptr_array_add (page->strings, barcodes); /* freed with the page */
  cJSON_ArrayForEach (code, list)
  {
    const char *text = cJSON_GetStringValue (code);
    gsize len = text ? strlen (text) : 0;
    if (len < 1 || len > 32 || strspn (text, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != len)
      return refuse (error, "barcodes[%u]: a code is 1–32 letters or digits", n);
    barcodes[n++] = keep (page->strings, text);
  }
  price->category = keep (page->strings, category);
  price->unit = unit == NULL ? MPOS_SYNC_UNIT_KEEP
                : strcmp (unit, "weight") == 0 ? MPOS_SYNC_UNIT_WEIGHT : MPOS_SYNC_UNIT_PIECE;
  price->barcodes = list ? barcodes : NULL;
  return TRUE;
}

static gboolean
read_price (const cJSON *item, gpointer data, int64_t *change, GError **error)
{
  MposSyncPricePage *page = data;
  const char *code = NULL, *name = NULL;
  MposSyncPrice price = { 0 };

  if (!mpos_json_get_string (item, "code", TRUE, 32, &code, error)
      || !mpos_json_get_string (item, "name", TRUE, 200 * 4, &name, error)
      || !mpos_json_get_money (item, "price", TRUE, MPOS_MONEY_PARSE_DEFAULT, &price.price, error)
      || !mpos_json_get_int (item, "change", TRUE, 1, MAX_SEQ, change, error)
      || !read_price_sku (item, page, &price, error))
    return FALSE;
  if (*code == '\0' || *name == '\0')
    return refuse (error, "“code” and “name” must not be empty");
  price.code = keep (page->strings, code);
  price.name = keep (page->strings, name);
  g_array_append_val (page->items, price);
  return TRUE;
}

gboolean
mpos_sync_parse_prices (const char *data, gsize length, MposSyncPricePage *out, GError **error)
{
  out->items = g_array_new (FALSE, TRUE, sizeof (MposSyncPrice));
  out->strings = g_ptr_array_new_with_free_func (g_free);
  if (read_page (data, length, &page_shape, "prices", &out->cursor, &out->more, read_price, out,
                 error))
    return TRUE;
  mpos_sync_price_page_clear (out);
  return FALSE;
}

/* ---- pull: members ---- */

void
mpos_sync_member_page_clear (MposSyncMemberPage *p)
{
  g_clear_pointer (&p->items, g_array_unref);
  g_clear_pointer (&p->cards, g_ptr_array_unref);
  g_clear_pointer (&p->strings, g_ptr_array_unref);
}

static gboolean
all_digits (const char *s, gsize min, gsize max)
{
  gsize n = strlen (s);

  return n >= min && n <= max && strspn (s, "0123456789") == n;
}

static gboolean
one_of (const char *s, const char *a, const char *b, const char *c)
{
  return g_strcmp0 (s, a) == 0 || g_strcmp0 (s, b) == 0 || (c && g_strcmp0 (s, c) == 0);
}

static gboolean
read_card (const cJSON *item, GPtrArray *strings, MposSyncMemberCard *card, GError **error)
{
  const char *card_no = NULL, *kind = NULL, *status = NULL, *replaced_by = NULL;

  if (!cJSON_IsObject (item) || !mpos_json_get_string (item, "card_no", TRUE, 32, &card_no, error)
      || !mpos_json_get_string (item, "kind", TRUE, 16, &kind, error)
      || !mpos_json_get_string (item, "status", TRUE, 16, &status, error)
      || !mpos_json_get_string (item, "replaced_by", FALSE, 32, &replaced_by, error))
    return cJSON_IsObject (item) ? FALSE : refuse (error, "a card must be an object");
  if (!all_digits (card_no, 6, 32) || (replaced_by && !all_digits (replaced_by, 6, 32)))
    return refuse (error, "a card number is 6–32 digits");
  if (!one_of (kind, "physical", "virtual", NULL) || !one_of (status, "active", "lost", "replaced"))
    return refuse (error, "“kind” is physical or virtual, “status” active, lost or replaced");
  if ((strcmp (status, "replaced") == 0) != (replaced_by != NULL))
    return refuse (error, "“replaced_by” comes with “replaced” and only with it");
  *card = (MposSyncMemberCard) { keep (strings, card_no), strcmp (kind, "physical") == 0,
                                 keep (strings, status), keep (strings, replaced_by) };
  return TRUE;
}

static gboolean
read_cards (const cJSON *list, MposSyncMemberPage *page, MposSyncMember *m, GError **error)
{
  GArray *cards = g_array_new (FALSE, TRUE, sizeof (MposSyncMemberCard));
  const cJSON *item;

  g_ptr_array_add (page->cards, cards);
  if (!cJSON_IsArray (list) || cJSON_GetArraySize (list) > 64)
    return refuse (error, "“cards” must be a list of at most 64 cards");
  cJSON_ArrayForEach (item, list)
  {
    MposSyncMemberCard card;
    if (!read_card (item, page->strings, &card, error))
      return g_prefix_error (error, "cards[%u]: ", cards->len), FALSE;
    g_array_append_val (cards, card);
  }
  m->cards = (const MposSyncMemberCard *) cards->data;
  m->n_cards = cards->len;
  return TRUE;
}

static gboolean
read_member_text (const cJSON *item, MposSyncMember *m, GError **error)
{
  if (!mpos_json_get_string (item, "uid", TRUE, 36, &m->uid, error)
      || !mpos_json_get_string (item, "name", TRUE, 32 * 4, &m->name, error)
      || !mpos_json_get_string (item, "phone", FALSE, 20, &m->phone, error)
      || !mpos_json_get_string (item, "level", FALSE, 32, &m->level, error)
      || !mpos_json_get_string (item, "birthday", FALSE, 10, &m->birthday, error)
      || !mpos_json_get_string (item, "gender", FALSE, 6, &m->gender, error))
    return FALSE;
  if (!mpos_uuid_valid (m->uid) || *m->name == '\0')
    return refuse (error, "a member needs a UUID “uid” and a “name”");
  if (m->phone && !all_digits (m->phone, 6, 20))
    return refuse (error, "“phone” is 6–20 digits");
  if (m->birthday && (strlen (m->birthday) != 10 || !g_regex_match_simple (
                          "^[12][0-9]{3}-[01][0-9]-[0-3][0-9]$", m->birthday, 0, 0)))
    return refuse (error, "“birthday” is YYYY-MM-DD");
  if (m->gender && !one_of (m->gender, "female", "male", NULL))
    return refuse (error, "“gender” is female or male");
  return TRUE;
}

/* The member's QR secret: base64 of exactly 32 bytes, or absent. */
static gboolean
read_qr_secret (const cJSON *item, MposSyncMemberPage *page, MposSyncMember *m, GError **error)
{
  const char *text = NULL;
  guint8 *secret;
  gsize n = 0;

  if (!mpos_json_get_string (item, "qr_secret", FALSE, 64, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (strlen (text) != 44 || strspn (text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                            "0123456789+/=") != 44)
    return refuse (error, "“qr_secret” must be 32 bytes in base64");
  secret = g_base64_decode (text, &n);
  g_ptr_array_add (page->strings, secret); /* freed with the page */
  if (n != MPOS_MEMBER_QR_SECRET_BYTES)
    return refuse (error, "“qr_secret” must be 32 bytes in base64");
  m->qr_secret = secret;
  return TRUE;
}

static gboolean
read_member (const cJSON *item, gpointer data, int64_t *change, GError **error)
{
  MposSyncMemberPage *page = data;
  MposSyncMember m = { 0 };

  if (!read_member_text (item, &m, error) || !read_qr_secret (item, page, &m, error)
      || !mpos_json_get_int (item, "created_at", TRUE, 0, MAX_SEQ, &m.created_at, error)
      || !mpos_json_get_int (item, "points", TRUE, -MPOS_SYNC_MAX_POINTS, MPOS_SYNC_MAX_POINTS,
                             &m.points, error)
      || !mpos_json_get_money (item, "stored_value", TRUE, MPOS_MONEY_PARSE_ALLOW_NEGATIVE,
                               &m.stored_value, error)
      || !mpos_json_get_int (item, "change", TRUE, 1, MAX_SEQ, change, error)
      || !read_cards (cJSON_GetObjectItemCaseSensitive (item, "cards"), page, &m, error)
      || !mpos_sync_read_holdings (item, page->cards, page->strings, &m, error))
    return FALSE;
  m.uid = keep (page->strings, m.uid), m.name = keep (page->strings, m.name);
  m.phone = keep (page->strings, m.phone), m.level = keep (page->strings, m.level);
  m.birthday = keep (page->strings, m.birthday), m.gender = keep (page->strings, m.gender);
  g_array_append_val (page->items, m);
  return TRUE;
}

gboolean
mpos_sync_parse_members (const char *data, gsize length, MposSyncMemberPage *out, GError **error)
{
  out->items = g_array_new (FALSE, TRUE, sizeof (MposSyncMember));
  out->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  out->strings = g_ptr_array_new_with_free_func (g_free);
  if (read_page (data, length, &member_page_shape, "members", &out->cursor, &out->more,
                 read_member, out, error))
    return TRUE;
  mpos_sync_member_page_clear (out);
  return FALSE;
}

/* ---- pull: hotlist ---- */

void
mpos_sync_hotlist_page_clear (MposSyncHotlistPage *p)
{
  g_clear_pointer (&p->items, g_array_unref);
  g_clear_pointer (&p->strings, g_ptr_array_unref);
}

static gboolean
read_hotlist_item (const cJSON *item, gpointer data, int64_t *change, GError **error)
{
  MposSyncHotlistPage *page = data;
  const char *kind = NULL, *value = NULL, *reason = NULL;
  MposHotlistItem h = { 0 };

  if (!mpos_json_get_string (item, "kind", TRUE, 8, &kind, error)
      || !mpos_json_get_string (item, "value", TRUE, 36, &value, error)
      || !mpos_json_get_bool (item, "blocked", &h.blocked, error)
      || !mpos_json_get_string (item, "reason", TRUE, 200 * 4, &reason, error)
      || !mpos_json_get_int (item, "change", TRUE, 1, MAX_SEQ, change, error))
    return FALSE;
  if (!cJSON_IsBool (cJSON_GetObjectItemCaseSensitive (item, "blocked")) || *reason == '\0')
    return refuse (error, "“blocked” must be true or false and “reason” not empty");
  if (strcmp (kind, "card") == 0 && all_digits (value, 6, 32))
    h.kind = MPOS_HOTLIST_CARD;
  else if (strcmp (kind, "member") == 0 && mpos_uuid_valid (value))
    h.kind = MPOS_HOTLIST_MEMBER;
  else
    return refuse (error, "a hotlist entry is a card (6–32 digits) or a member (its uid)");
  h.value = keep (page->strings, value);
  h.reason = keep (page->strings, reason);
  g_array_append_val (page->items, h);
  return TRUE;
}

gboolean
mpos_sync_parse_hotlist (const char *data, gsize length, MposSyncHotlistPage *out, GError **error)
{
  out->items = g_array_new (FALSE, TRUE, sizeof (MposHotlistItem));
  out->strings = g_ptr_array_new_with_free_func (g_free);
  if (read_page (data, length, &hotlist_page_shape, "hotlist", &out->cursor, &out->more,
                 read_hotlist_item, out, error))
    return TRUE;
  mpos_sync_hotlist_page_clear (out);
  return FALSE;
}

/* ---- pull: promotions, coupons, loyalty_rules, config ---- */

void
mpos_sync_document_page_clear (MposSyncDocumentPage *p)
{
  g_clear_pointer (&p->items, g_array_unref);
  g_clear_pointer (&p->documents, g_ptr_array_unref);
}

static gboolean
read_document (const cJSON *item, gpointer data, int64_t *change, GError **error)
{
  MposSyncDocumentPage *page = data;
  const cJSON *body = cJSON_GetObjectItemCaseSensitive (item, "body");
  const char *key = NULL;
  cJSON *copy;
  MposSyncDocument d;

  if (!mpos_json_get_string (item, "key", TRUE, 64, &key, error)
      || !mpos_json_get_int (item, "change", TRUE, 1, MAX_SEQ, change, error))
    return FALSE;
  if (*key == '\0' || body == NULL)
    return refuse (error, "a document needs a “key” and a “body” (null: withdrawn)");
  if (!cJSON_IsNull (body) && !cJSON_IsObject (body) && !cJSON_IsString (body))
    return refuse (error, "a document's “body” is an object, a text or null");
  copy = cJSON_CreateObject ();
  cJSON_AddStringToObject (copy, "key", key);
  cJSON_AddItemToObject (copy, "body", cJSON_Duplicate (body, TRUE));
  g_ptr_array_add (page->documents, copy);
  d.key = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (copy, "key"));
  d.body = cJSON_IsNull (body) ? NULL : cJSON_GetObjectItemCaseSensitive (copy, "body");
  g_array_append_val (page->items, d);
  return TRUE;
}

gboolean
mpos_sync_parse_documents (const char *data, gsize length, const char *stream,
                           MposSyncDocumentPage *out, GError **error)
{
  out->items = g_array_new (FALSE, TRUE, sizeof (MposSyncDocument));
  out->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) cJSON_Delete);
  if (read_page (data, length, &document_page_shape, stream, &out->cursor, &out->more,
                 read_document, out, error))
    return TRUE;
  mpos_sync_document_page_clear (out);
  return FALSE;
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
