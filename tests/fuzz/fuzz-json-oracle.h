/* fuzz-json-oracle.h — what every accepted JSON document must be, checked on
 * cJSON's own tree rather than by the strict scanner that let it through:
 * no NUL (raw or \u0000), no object with a key given twice and, when a shape
 * is given, no key the shape does not have. A document target calls it for
 * every input its reader accepted, so an ambiguous corpus entry that gets
 * through fails the replay test. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include "json-strict.h"

/* Aborts unless data[0..size) is unambiguous (and of `shape`, if not NULL). */
void fuzz_json_assert_unambiguous (const uint8_t *data, size_t size, const MposJsonShape *shape);
