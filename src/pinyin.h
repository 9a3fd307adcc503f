/* pinyin.h — pinyin initials of Chinese product names ("可口可乐" → "kkkl"),
 * so a cashier can find goods by typing a few Latin letters. GB2312 level-1
 * hanzi are ordered by pinyin, so the initial follows from the GB2312 code
 * range; other hanzi are looked up in a small table or skipped. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Newly allocated lowercase string: one letter per hanzi with a known
 * reading, ASCII letters and digits kept (lowercased; fullwidth Ａ-Ｚ/０-９
 * count as ASCII), everything else dropped, invalid UTF-8 bytes skipped. */
char *mpos_pinyin_initials (const char *utf8);

G_END_DECLS
