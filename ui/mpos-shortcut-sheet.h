/* mpos-shortcut-sheet.h — F1: the keys of the screen the cashier is on,
 * and those that work on every screen, as a panel over the window (Esc or
 * F1 closes it). One table in mpos-shortcut-sheet.c names every key the
 * window binds, so the sheet and the bindings are read side by side. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MPOS_TYPE_SHORTCUT_SHEET (mpos_shortcut_sheet_get_type ())
G_DECLARE_FINAL_TYPE (MposShortcutSheet, mpos_shortcut_sheet, MPOS, SHORTCUT_SHEET, GtkBox)

/* Shows the keys of `page` (the window's page name: "sale", "payment",
 * "return", "sign-in", "devices", "sync", "reports"). */
void mpos_shortcut_sheet_open (MposShortcutSheet *self, const char *page);
void mpos_shortcut_sheet_close (MposShortcutSheet *self);
gboolean mpos_shortcut_sheet_is_open (MposShortcutSheet *self);

G_END_DECLS
