/* json-strict.h — the strict reading every JSON document gets before cJSON
 * builds its tree: RFC 8259 grammar, UTF-8, no NUL (raw or \u0000), each key
 * once per object, only the keys the document's shape allows, bounded depth
 * and number sizes. cJSON alone keeps the first of two equal keys and cuts a
 * string at \u0000: an ambiguous document would be read one way here and
 * another way by the next reader. Refusals name the place as a path
 * ("lines[2].qty", indexes counted from 0) and a line and column. */
#pragma once

#include <glib.h>
#include <cjson/cJSON.h>

G_BEGIN_DECLS

typedef struct _MposJsonShape MposJsonShape;

/* One key an object may hold; `shape` says what its value holds (NULL: a
 * plain value — string, number, true, false, null — whose type the reader checks). */
typedef struct
{
  const char *key;
  const MposJsonShape *shape;
} MposJsonKey;

/* Keys an object may hold in addition when its tag member has this value
 * ({"type":"points","points":500}). */
typedef struct
{
  const char *value;
  const MposJsonKey *keys;
} MposJsonVariant;

/* What a document (or a part of it) may hold. An object shape lists its keys
 * (ending with { NULL }); an array shape gives the shape of every item. A
 * member whose value has another type than the shape expects is left to the
 * reader, which says which type it wants. */
struct _MposJsonShape
{
  const char *what;                /* "a sale line": said in refusals */
  const MposJsonKey *keys;         /* object: the keys it may hold */
  const MposJsonShape *items;      /* array: what every item holds */
  const char *tag;                 /* object: the key whose text picks a variant */
  const MposJsonVariant *variants; /* ending with { NULL } */
  gboolean any_keys;               /* object of free keys (codes), plain values */
};

/* Documents the program wrote itself (journal payloads): every rule above
 * but the key list, which belongs to the writer. */
extern const MposJsonShape mpos_json_shape_written;

#define MPOS_JSON_MAX_DEPTH 64
#define MPOS_JSON_MAX_NUMBER_CHARS 40

/* TRUE when data[0..length) is one strict JSON document of `shape`; otherwise
 * FALSE with MPOS_JSON_ERROR set (json-fields.h). */
gboolean mpos_json_strict_check (const char *data, gsize length, const MposJsonShape *shape,
                                 GError **error);

/* The same check, building the document's cJSON tree in the same pass (one
 * reading of the text, not a check and then a parse); NULL with the refusal
 * set. json-fields.h mpos_json_parse is the way in. */
cJSON *mpos_json_strict_read (const char *data, gsize length, const MposJsonShape *shape,
                              GError **error);

G_END_DECLS
