/* mpos-sign-in-page.h — signing in at the till: staff number and PIN, typed
 * on the keyboard or on the on-screen number pad, or a staff card on the
 * card reader (with the PIN unless the store lets the card sign in alone),
 * checked by the store's
 * staff model (wrong PINs counted, locked after repeats). The same page
 * unlocks a locked till: the open sale waits behind it. */
#pragma once

#include <gtk/gtk.h>
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_TYPE_SIGN_IN_PAGE (mpos_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (MposSignInPage, mpos_sign_in_page, MPOS, SIGN_IN_PAGE, GtkBox)

/* Signal "signed-in": the till's cashier is set. */
void mpos_sign_in_page_set_till (MposSignInPage *self, MposTill *till);
/* Clears the fields and says why the page shows (NULL: a first sign-in). */
void mpos_sign_in_page_start (MposSignInPage *self, const char *locked_by);
/* A staff card read on the card reader: signs in with it (and the PIN in
 * its field, or alone where the store allows), else waits for the PIN. */
void mpos_sign_in_page_card (MposSignInPage *self, const char *code);
/* TRUE while a staff number and PIN are being checked (in a worker thread). */
gboolean mpos_sign_in_page_is_checking (MposSignInPage *self);

G_END_DECLS
