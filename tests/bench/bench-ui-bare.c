/* bench-ui-bare.c — the baseline the cashier window's cold start is measured
 * beside (DESIGN.md targets): a bare GTK 4 application window with one
 * entry over one list of 30 rows, nothing else, started the same way (a
 * GtkApplication, same renderer, same display). It prints the ready line
 * after its first frame (ui-bench-ready.h) and runs until killed. */
#include "ui-bench-ready.h"

#define BARE_ROWS 30

/* A row: one label bound to the list's string. */
static const char ROW_UI[]
    = "<interface><template class=\"GtkListItem\"><property name=\"child\">"
      "<object class=\"GtkLabel\"><property name=\"xalign\">0</property>"
      "<binding name=\"label\"><lookup name=\"string\" type=\"GtkStringObject\">"
      "<lookup name=\"item\">GtkListItem</lookup></lookup></binding>"
      "</object></property></template></interface>";

static GtkWidget *
bare_list (void)
{
  GtkStringList *rows = gtk_string_list_new (NULL);
  GtkListItemFactory *factory;
  char row[32];

  for (int i = 0; i < BARE_ROWS; i++)
    {
      g_snprintf (row, sizeof row, "商品 Item %02d", i + 1);
      gtk_string_list_append (rows, row);
    }
  factory = gtk_builder_list_item_factory_new_from_bytes (
      NULL, g_bytes_new_static (ROW_UI, sizeof ROW_UI - 1));
  return gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (rows))),
                            factory);
}

static void
activate (GtkApplication *app, gpointer unused)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_window_set_title (GTK_WINDOW (window), "bare");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), bare_list ());
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), gtk_entry_new ());
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_window_set_child (GTK_WINDOW (window), box);
  ui_bench_report_ready_after_paint (window);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  g_autoptr (GtkApplication) app
      = gtk_application_new ("org.mallpos.BenchBare", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
