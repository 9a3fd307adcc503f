/* fuzz-escpos-interpreter.c — libFuzzer target for the virtual printer's
 * ESC/POS interpreter, which reads any bytes a program sends to the printer.
 * The first byte picks the paper (58/80 mm) and the start-up mode; the rest
 * is fed in chunks whose sizes come from the input too. Every page must stay
 * inside the paper, have valid UTF-8 text, and reading must never stall. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "escpos-interpreter.h"
#include "fuzz-util.h"

static void
check_page (MposEscposPage *page)
{
  g_autofree char *text = mpos_escpos_page_to_text (page);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpuint (mpos_escpos_page_height (page), <=, MPOS_ESCPOS_MAX_PAGE_HEIGHT * 2);
  for (guint i = 0; i < page->items->len; i++)
    {
      const MposEscposItem *item = g_ptr_array_index (page->items, i);

      if (item->kind == MPOS_ESCPOS_ITEM_TEXT)
        {
          g_assert_cmpuint (item->width, <=, page->dots);
          for (guint c = 0; c < item->cells->len; c++)
            {
              const MposEscposCell *cell = &g_array_index (item->cells, MposEscposCell, c);

              g_assert_cmpuint (cell->x + cell->width, <=, page->dots);
              g_assert_true (g_unichar_validate (cell->c));
            }
        }
      else if (item->kind == MPOS_ESCPOS_ITEM_IMAGE)
        g_assert_cmpuint (item->image->width, <=, page->dots);
    }
  mpos_escpos_page_free (page);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  MposEscposInterpreter *in;
  MposEscposPage *page;
  MposEscposEvent event;
  size_t pos = 1, chunk;

  if (size == 0)
    return 0;
  in = mpos_escpos_interpreter_new ((data[0] & 1) ? 384 : 576, (data[0] & 2) != 0);
  chunk = 1 + (data[0] >> 2); /* 1–64 bytes a write */
  while (pos < size)
    {
      size_t n = MIN (chunk, size - pos);

      mpos_escpos_interpreter_feed (in, data + pos, n);
      pos += n;
      while ((page = mpos_escpos_interpreter_pop_page (in)) != NULL)
        check_page (page);
      while (mpos_escpos_interpreter_pop_event (in, &event))
        g_assert_true (event.kind == MPOS_ESCPOS_EVENT_STATUS_REQUEST || event.value == 2
                       || event.value == 5);
    }
  page = mpos_escpos_interpreter_flush (in);
  if (page != NULL)
    check_page (page);
  mpos_escpos_interpreter_free (in);
  return 0;
}
