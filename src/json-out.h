/* json-out.h — writing compact JSON onto a GString, for the documents the
 * store keeps on a row (a sale's lines and tenders). Integers are written
 * as integers (money in fen, never a double); text is copied as UTF-8 with
 * only what JSON requires escaped. */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

/* "text" with quotes, backslashes and control characters escaped; null for NULL. */
void mpos_json_out_string (GString *out, const char *text);

/* As mpos_json_out_string, with "" written as null too. */
void mpos_json_out_optional_string (GString *out, const char *text);

void mpos_json_out_int (GString *out, int64_t value);

/* null for 0 (an absent line or tender number). */
void mpos_json_out_int_or_null (GString *out, int64_t value);

/* A whole cJSON tree, compactly (json-out-tree.c): what cJSON_PrintUnformatted
 * writes, with whole numbers written without printf. */
void mpos_json_out_tree (GString *out, const cJSON *item);

/* A whole number (points, a count, an id, seconds) added to a cJSON
 * object, exact at any int64: below 10^15 (in size) a cJSON number as
 * before; from there on its digits as a raw item, which cJSON's printers
 * and mpos_json_out_tree write as they are (cJSON writes a large number in
 * exponent form, rounded to 15 digits, and a double cannot hold one beyond
 * 2^53). */
void mpos_json_add_int (cJSON *object, const char *key, int64_t value);

G_END_DECLS
