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
