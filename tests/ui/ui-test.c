/* ui-test.c — the window tests' harness (ui-test.h). */
#include "ui-test.h"

#include "card-reader-virtual.h"
#include "mpos-member-statement.h"
#include "mpos-payment-page.h"
#include "mpos-till.h"
#include "test-dir.h"

#include <X11/Xlib.h>
#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define WAIT_LIMIT_US (30 * G_USEC_PER_SEC) /* a loaded CI machine, ASan */

static const char *
need_env (const char *name)
{
  const char *value = g_getenv (name);

  g_assert_nonnull (value);
  return value;
}

char *
ui_ctl (UiTest *t, int status, const char *args)
{
  g_autofree char *command
      = g_strdup_printf ("%s %s --store %s", need_env ("MALLPOSCTL"), args, t->store_path);
  g_autoptr (GError) error = NULL;
  char *out = NULL, *err = NULL;
  int wait = 0;

  g_assert_true (g_spawn_command_line_sync (command, &out, &err, &wait, &error));
  if (!g_spawn_check_wait_status (wait, NULL) != (status != 0))
    g_printerr ("%s\n%s%s", command, out, err);
  g_assert_cmpint (WIFEXITED (wait) ? WEXITSTATUS (wait) : -1, ==, status);
  g_free (err);
  return out;
}

static void
make_store (UiTest *t)
{
  g_autofree char *script = g_build_filename (need_env ("MALLPOS_UI_TESTS"), "ui-store.sh", NULL);
  g_autofree char *command = g_strdup_printf ("bash %s %s", script, t->dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int wait = 0;

  g_assert_true (g_spawn_command_line_sync (command, &out, &err, &wait, &error));
  if (!g_spawn_check_wait_status (wait, NULL))
    g_error ("ui-store.sh failed:\n%s%s", out, err);
  g_assert_true (g_str_has_prefix (out, "coupon "));
  t->coupon = g_strstrip (g_strdup (out + strlen ("coupon ")));
}

static void
write_devices (UiTest *t)
{
  g_autofree char *path = g_build_filename (t->dir, "devices.ini", NULL);
  g_autofree char *ini = g_strdup_printf ("[printer0]\ncategory=printer\nbackend=virtual\n"
                                          "output_dir=%s\n\n[drawer0]\ncategory=drawer\n"
                                          "printer=printer0\n",
                                          t->receipt_dir);

  g_assert_true (g_file_set_contents (path, ini, -1, NULL));
  g_setenv ("MALLPOS_DEVICES", path, TRUE);
}

/* Gives the window the X keyboard focus (there is no window manager under Xvfb). */
static void
focus_window (GtkWidget *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  Display *display = gdk_x11_display_get_xdisplay (gtk_widget_get_display (window));

  XSetInputFocus (display, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XSync (display, False);
  ui_spin (200);
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
start_window (UiTest *t)
{
  g_autoptr (GError) error = NULL;

  g_setenv ("MALLPOS_STORE", t->store_path, TRUE);
  t->app = mpos_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (t->app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (t->app));
  t->window = mpos_application_get_window (t->app);
  g_assert_nonnull (t->window);
  ui_wait (window_mapped, t->window);
  focus_window (GTK_WIDGET (t->window));
}

UiTest *
ui_test_new (void)
{
  UiTest *t = g_new0 (UiTest, 1);
  g_autoptr (GError) error = NULL;

  t->dir = g_dir_make_tmp ("mallpos-ui-XXXXXX", &error);
  g_assert_no_error (error);
  t->store_path = g_build_filename (t->dir, "store.db", NULL);
  t->receipt_dir = g_build_filename (t->dir, "receipts", NULL);
  make_store (t);
  write_devices (t);
  start_window (t);
  return t;
}

UiTest *
ui_test_open (const char *store_path, const char *receipt_dir)
{
  UiTest *t = g_new0 (UiTest, 1);

  t->store_path = g_strdup (store_path);
  t->receipt_dir = g_strdup (receipt_dir);
  start_window (t);
  return t;
}

void
ui_test_free (UiTest *t)
{
  if (t->window)
    gtk_window_destroy (GTK_WINDOW (t->window));
  ui_spin (50);
  g_clear_object (&t->app);
  if (t->dir)
    test_remove_dir (t->dir);
  g_free (t->dir);
  g_free (t->store_path);
  g_free (t->receipt_dir);
  g_free (t->coupon);
  g_free (t);
}

void
ui_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64)ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

void
ui_wait (gboolean (*done) (gpointer data), gpointer data)
{
  gint64 until = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (!done (data))
    {
      if (g_get_monotonic_time () > until)
        g_error ("the window did not reach the state the test waits for within 30 s");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
pin_answered (gpointer data)
{
  GtkWidget *window = data;

  return !mpos_payment_page_is_checking (MPOS_PAYMENT_PAGE (ui_find (window, "payment_page")))
         && !mpos_member_statement_is_checking (
             MPOS_MEMBER_STATEMENT (ui_find (window, "member_statement")));
}

void
ui_wait_pin_checked (UiTest *t)
{
  ui_wait (pin_answered, t->window);
}

/* ---- the window's state --------------------------------------------------------------- */

GtkWidget *
ui_win (UiTest *t)
{
  return GTK_WIDGET (t->window);
}

MposCart *
ui_cart (UiTest *t)
{
  return mpos_till_get_cart (mpos_window_get_till (t->window));
}

typedef struct
{
  UiTest *t;
  const char *page;
  guint lines;
} WindowWait;

static gboolean
on_page (gpointer data)
{
  WindowWait *w = data;

  return g_str_equal (mpos_window_get_page (w->t->window), w->page);
}

void
ui_wait_page (UiTest *t, const char *page)
{
  WindowWait w = { .t = t, .page = page };

  ui_wait (on_page, &w);
}

static gboolean
has_lines (gpointer data)
{
  WindowWait *w = data;

  return mpos_cart_get_lines (ui_cart (w->t))->len >= w->lines;
}

void
ui_wait_lines (UiTest *t, guint n)
{
  WindowWait w = { .t = t, .lines = n };

  ui_wait (has_lines, &w);
}

void
ui_type_sign_in (UiTest *t, const char *number, const char *pin)
{
  gtk_widget_grab_focus (ui_find (ui_win (t), "number_entry"));
  ui_type (number);
  ui_key (GDK_KEY_Return, FALSE);
  ui_type (pin);
  ui_key (GDK_KEY_Return, FALSE);
}

void
ui_cashier_signs_in (UiTest *t)
{
  ui_type_sign_in (t, "1001", "1234");
  ui_wait_page (t, "sale");
}

guint
ui_receipts (UiTest *t)
{
  g_autoptr (GDir) dir = g_dir_open (t->receipt_dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".txt");
  return n;
}

void
ui_wait_receipts (UiTest *t, guint n)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (ui_receipts (t) < n && g_get_monotonic_time () < until)
    ui_spin (100);
  g_assert_cmpuint (ui_receipts (t), >=, n);
}

/* ---- keys through the X server ------------------------------------------------------- */

static Display *
x_display (void)
{
  return gdk_x11_display_get_xdisplay (gdk_display_get_default ());
}

static void
press (Display *display, KeySym keysym, gboolean shift)
{
  KeyCode code = XKeysymToKeycode (display, keysym);
  KeyCode shift_code = XKeysymToKeycode (display, XK_Shift_L);

  g_assert_cmpint (code, !=, 0);
  /* the symbol on the shifted level needs Shift ('A', ':'), the other not */
  if (!shift && XkbKeycodeToKeysym (display, code, 0, 0) != keysym)
    shift = TRUE;
  if (shift)
    XTestFakeKeyEvent (display, shift_code, True, CurrentTime);
  XTestFakeKeyEvent (display, code, True, CurrentTime);
  XTestFakeKeyEvent (display, code, False, CurrentTime);
  if (shift)
    XTestFakeKeyEvent (display, shift_code, False, CurrentTime);
}

void
ui_key (guint keysym, gboolean shift)
{
  Display *display = x_display ();

  press (display, keysym, shift);
  XFlush (display);
  ui_spin (150);
}

void
ui_tap (GtkWidget *widget)
{
  Display *display = x_display ();
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  Window child;
  double x = 0, y = 0;
  int root_x = 0, root_y = 0;

  g_assert_true (gtk_widget_translate_coordinates (widget, root,
                                                   gtk_widget_get_width (widget) / 2.0,
                                                   gtk_widget_get_height (widget) / 2.0, &x, &y));
  /* where the window is on the screen (no window manager moves it under Xvfb) */
  XTranslateCoordinates (display,
                         gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (root))),
                         DefaultRootWindow (display), (int)x, (int)y, &root_x, &root_y, &child);
  XTestFakeMotionEvent (display, -1, root_x, root_y, CurrentTime);
  XTestFakeButtonEvent (display, 1, True, CurrentTime);
  XTestFakeButtonEvent (display, 1, False, CurrentTime);
  XFlush (display);
  ui_spin (200);
}

/* `keysym` with `modifier` (a modifier key's keysym) held down. */
static void
press_with (KeySym modifier, guint keysym)
{
  Display *display = x_display ();
  KeyCode held = XKeysymToKeycode (display, modifier);

  XTestFakeKeyEvent (display, held, True, CurrentTime);
  press (display, keysym, FALSE);
  XTestFakeKeyEvent (display, held, False, CurrentTime);
  XFlush (display);
  ui_spin (150);
}

void
ui_key_ctrl (guint keysym)
{
  press_with (XK_Control_L, keysym);
}

void
ui_key_alt (guint keysym)
{
  press_with (XK_Alt_L, keysym);
}

void
ui_scan (const char *text)
{
  Display *display = x_display ();

  for (const char *c = text; *c; c++)
    press (display, (KeySym)(guchar)*c, FALSE);
  press (display, XK_Return, FALSE);
  XFlush (display);
  ui_spin (200);
}

void
ui_type (const char *text)
{
  Display *display = x_display ();

  for (const char *c = text; *c; c++)
    {
      press (display, (KeySym)(guchar)*c, FALSE);
      XFlush (display);
      ui_spin (120); /* a quick typist: far slower than a scanner */
    }
  ui_spin (150);
}

/* ---- widgets ------------------------------------------------------------------------------ */

GtkWidget *
ui_find (GtkWidget *root, const char *id)
{
  const char *name = gtk_buildable_get_buildable_id (GTK_BUILDABLE (root));

  if (name && g_str_equal (name, id))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_find (child, id);
      if (found)
        return found;
    }
  return NULL;
}

const char *
ui_text (GtkWidget *root, const char *id)
{
  GtkWidget *widget = ui_find (root, id);

  g_assert_nonnull (widget);
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  return gtk_editable_get_text (GTK_EDITABLE (widget));
}

void
ui_set_text (UiTest *t, const char *id, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (ui_find (ui_win (t), id)), text);
}

/* The button's label as shown: a mnemonic's underscore is no character. */
static gboolean
button_says (GtkWidget *button, const char *label)
{
  const char *text = gtk_button_get_label (GTK_BUTTON (button));
  g_autoptr (GString) shown = NULL;

  if (text == NULL || !gtk_button_get_use_underline (GTK_BUTTON (button)))
    return g_strcmp0 (text, label) == 0;
  shown = g_string_new (NULL);
  for (const char *c = text; *c; c++)
    {
      if (*c == '_' && c[1] != '\0')
        c++; /* "_x" shows x, "__" shows _ */
      g_string_append_c (shown, *c);
    }
  return g_str_equal (shown->str, label);
}

static GtkWidget *
find_button (GtkWidget *root, const char *label)
{
  if (GTK_IS_BUTTON (root) && button_says (root, label) && gtk_widget_is_drawable (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found)
        return found;
    }
  return NULL;
}

void
ui_click (GtkWidget *root, const char *label)
{
  GtkWidget *button = find_button (root, label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  ui_spin (100);
}

void
ui_tap_button (GtkWidget *root, const char *label)
{
  GtkWidget *button = find_button (root, label);

  g_assert_nonnull (button);
  ui_tap (button);
}

/* ---- screenshots ---------------------------------------------------------------------------- */

char *
ui_screenshot (GtkWidget *widget, const char *name)
{
  const char *dir = need_env ("MALLPOS_UI_OUTPUT");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (dir, file, NULL);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  g_mkdir_with_parents (dir, 0700);
  /* a widget changed since its last frame has no node until it is drawn again */
  for (int tries = 0; node == NULL && tries < 50; tries++)
    {
      ui_spin (40);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  if (g_test_initialized ())
    g_test_message ("screenshot: %s", path);
  return path;
}

UiCardReader
ui_card_reader (UiTest *t)
{
  g_autoptr (GError) error = NULL;
  UiCardReader r;
  int fds[2];

  g_assert_cmpint (pipe (fds), ==, 0);
  r.reader = MPOS_DEVICE (mpos_card_reader_virtual_new_for_fd ("card0", fds[0]));
  r.fd = fds[1];
  g_assert_true (mpos_device_open (r.reader, &error));
  g_assert_true (mpos_device_claim (r.reader, 1000, &error));
  g_assert_true (mpos_device_enable (r.reader, &error));
  mpos_window_add_input (t->window, r.reader);
  return r;
}

void
ui_read_card (UiCardReader *r, const char *code)
{
  g_autofree char *text = g_strconcat (code, "\n", NULL);

  g_assert_cmpint (write (r->fd, text, strlen (text)), ==, (gssize)strlen (text));
  ui_spin (300);
}

void
ui_card_reader_free (UiCardReader *r)
{
  close (r->fd);
  mpos_device_close (r->reader);
  g_object_unref (r->reader);
}

void
ui_give_staff_card (UiTest *t, const char *number, const char *card)
{
  g_autofree char *args = g_strdup_printf ("staff add-card %s --manager 9001", number);

  g_setenv ("MALLPOS_SUPERVISOR_PIN", "9001", TRUE);
  g_setenv ("MALLPOS_STAFF_CARD", card, TRUE);
  g_free (ui_ctl (t, 0, args));
  g_unsetenv ("MALLPOS_STAFF_CARD");
  g_unsetenv ("MALLPOS_SUPERVISOR_PIN");
}

void
ui_assert_shown_fully (GtkWidget *root, const char *id)
{
  GtkWidget *label = ui_find (root, id);
  int width = gtk_widget_get_width (label), needed = 0;
  graphene_rect_t bounds;

  ui_spin (100); /* laid out with its text */
  width = gtk_widget_get_width (label);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, width, &needed, NULL, NULL, NULL);
  g_test_message ("%s: %d px wide, %d px high, needs %d", id, width, gtk_widget_get_height (label),
                  needed);
  g_assert_cmpint (gtk_widget_get_height (label), >=, needed);
  g_assert_true (gtk_widget_compute_bounds (label, root, &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (root));
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (root));
}
