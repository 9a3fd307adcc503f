/* fuzz-json-oracle.h — what every accepted JSON document must be, checked on
 * cJSON's own tree rather than by the strict scanner that let it through:
 * no NUL (raw or \u0000), no object with a key given twice and, when a shape
 * is given, no key the shape does not have. A document target calls it for
 * every input its reader accepted, so an ambiguous corpus entry that gets
 * through fails the replay test. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include "json-strict.h"

/* Aborts unless data[0..size) is unambiguous (and of `shape`, if not NULL). */
void fuzz_json_assert_unambiguous (const uint8_t *data, size_t size, const MposJsonShape *shape);

/* The contract every JSON document reader keeps, whatever it reads: what it
 * accepted (`accepted`) comes with no error and is unambiguous (of `shape`,
 * if not NULL); what it refused comes with a readable error of `domain` or
 * `or_domain` (fuzz_assert_refusal). Returns `accepted`, so the caller goes
 * on to check what the reader built. */
gboolean fuzz_json_document_checked (const uint8_t *data, size_t size, const MposJsonShape *shape,
                                     gboolean accepted, const GError *error, GQuark domain,
                                     GQuark or_domain);
