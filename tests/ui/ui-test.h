/* ui-test.h — driving the real cashier window in tests: a store made by
 * ui-store.sh, the application started on it with a virtual printer, keys
 * typed through the X server (XTest) as a person or a keyboard-wedge scanner
 * types them, waiting on the main loop for the window to change, and
 * screenshots of the window saved as PNG into the build folder. */
#pragma once

#include <gtk/gtk.h>
#include "cart.h"
#include "mpos-application.h"
#include "mpos-window.h"

G_BEGIN_DECLS

typedef struct
{
  char *dir; /* temp folder: store.db, receipts/, devices.ini */
  char *store_path;
  char *receipt_dir;
  char *coupon; /* the member's ¥10-off-100 coupon */
  MposApplication *app;
  MposWindow *window;
} UiTest;

/* A fresh store and the window open on it, signed out. */
UiTest *ui_test_new (void);
/* The window on an existing store (devices as $MALLPOS_DEVICES says); the
 * store is left as it is afterwards. */
UiTest *ui_test_open (const char *store_path, const char *receipt_dir);
void ui_test_free (UiTest *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UiTest, ui_test_free)

/* Spins the main loop until `done` is TRUE (or fails the test after 30 s). */
void ui_wait (gboolean (*done) (gpointer data), gpointer data);
/* Spins the main loop until the member's PIN, typed on the payment page
 * or the statement, has its answer (it is checked off the main loop). */
void ui_wait_pin_checked (UiTest *t);
/* The window as a widget, and the cart of its till. */
GtkWidget *ui_win (UiTest *t);
MposCart *ui_cart (UiTest *t);
/* Spins the main loop until the window shows `page` ("sale", "payment", …). */
void ui_wait_page (UiTest *t, const char *page);
/* Spins the main loop until the cart holds at least `n` lines. */
void ui_wait_lines (UiTest *t, guint n);
/* Types a staff number and PIN on the sign-in page, Enter after each, as a
 * cashier does (the answer is not waited for: the PIN is checked off the
 * main loop). */
void ui_type_sign_in (UiTest *t, const char *number, const char *pin);
/* Cashier 1001 (PIN 1234) signs in and the sale page shows. */
void ui_cashier_signs_in (UiTest *t);
/* How many receipts the virtual printer has written; waits (20 s at most)
 * until it has written at least `n`. */
guint ui_receipts (UiTest *t);
void ui_wait_receipts (UiTest *t, guint n);
/* Spins the main loop for `ms`. */
void ui_spin (guint ms);
/* Types `text` through the X server: as a scanner (every key at once, then
 * Enter) or as a person (a key every 120 ms, no Enter). */
void ui_scan (const char *text);
void ui_type (const char *text);
/* Presses one key (a keysym such as GDK_KEY_F12), with Shift when asked. */
void ui_key (guint keysym, gboolean shift);
/* Taps (clicks) the middle of a widget through the X server's pointer. */
void ui_tap (GtkWidget *widget);
/* Presses one key with Ctrl held (Ctrl+S, Ctrl+D, …). */
void ui_key_ctrl (guint keysym);
/* Alt+`keysym`: a mnemonic, the letter a label or button shows. */
void ui_key_alt (guint keysym);

/* The window's widget with this template id in `type`'s template (found by
 * walking the tree for a widget whose buildable id is `id`). */
GtkWidget *ui_find (GtkWidget *root, const char *id);
/* A label's text / an editable's text. */
const char *ui_text (GtkWidget *root, const char *id);
/* Sets the text of the editable `id` in the window (no key typed). */
void ui_set_text (UiTest *t, const char *id, const char *text);
/* Clicks a button found by its label. */
void ui_click (GtkWidget *root, const char *label);
/* Taps a button found by its label through the X server's pointer, as a
 * finger on a touch screen does. */
void ui_tap_button (GtkWidget *root, const char *label);

/* Saves the window as $MALLPOS_UI_OUTPUT/<name>.png and returns the path. */
char *ui_screenshot (GtkWidget *widget, const char *name);
/* The label `id` under `root` shows all its lines: as high as its text
 * needs at its width, and inside `root`. */
void ui_assert_shown_fully (GtkWidget *root, const char *id);

/* Runs mallposctl on the test's store; returns its stdout, asserting exit `status`. */
char *ui_ctl (UiTest *t, int status, const char *args);

/* A virtual card reader on a pipe, added to the window as the application
 * adds devices.ini's readers; ui_read_card writes a card's code to it (as a
 * card put on the reader) and spins the main loop a little. */
typedef struct
{
  MposDevice *reader; /* an MposCardReader */
  int fd;             /* the test's end of the reader's pipe */
} UiCardReader;
UiCardReader ui_card_reader (UiTest *t);
void ui_read_card (UiCardReader *r, const char *code);
void ui_card_reader_free (UiCardReader *r);
/* Staff `number` gets the staff card `card`, added by the manager (9001). */
void ui_give_staff_card (UiTest *t, const char *number, const char *card);

G_END_DECLS
