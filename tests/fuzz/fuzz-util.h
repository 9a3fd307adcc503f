/* fuzz-util.h — what every fuzz target shares: the libFuzzer entry point
 * each one defines, and the check a refusal must pass whatever the parser
 * (an error is set, of the parser's own domain, in text a person can read). */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Aborts unless error is set, its message is UTF-8 and its domain is
 * `domain` or `or_domain` (0 for either: any domain). */
void fuzz_assert_refusal (const GError *error, GQuark domain, GQuark or_domain);

/* What a reader that fills an answer struct (the centre's answers,
 * sync/client/sync-response.c) must leave when it refuses: a readable error
 * of any domain and nothing half-built in the answer (`left_over`, the
 * answer's first owned member, NULL). Returns 0, libFuzzer's "done". */
int fuzz_refused_leaving_nothing (const GError *error, gconstpointer left_over);
