/* test-dir.h — the temp directories every kind of test makes (unit, crash,
 * device, window, bench): removing one with all it holds. GLib only, so the
 * tests that link just the drivers or the window use it too. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes `path`, its files and its subdirectories (a link is removed, never
 * followed). What cannot be removed stays, silently: a test's cleanup. */
void test_remove_dir (const char *path);

G_END_DECLS
