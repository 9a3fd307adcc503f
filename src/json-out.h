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

G_END_DECLS
