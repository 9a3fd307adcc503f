/* pinyin.c — pinyin initials for finding goods by a few Latin letters.
 * GB2312 level-1 hanzi are sorted by pinyin, so converting a character to
 * GB2312 and finding its code's range gives the initial without a dictionary. */
#include "pinyin.h"

#include <stdlib.h>
#include <string.h>

/* First GB2312 code of each initial's run in level 1 (0xB0A1–0xD7F9). No
 * syllable starts with i, u or v. Checked against the Unihan kMandarin and
 * pinyin-data readings: each of the 3755 level-1 hanzi has a reading with
 * the initial its range gives. */
static const struct
{
  guint16 first_code;
  char initial;
} level1_ranges[] = {
  { 0xB0A1, 'a' }, { 0xB0C5, 'b' }, { 0xB2C1, 'c' }, { 0xB4EE, 'd' }, { 0xB6EA, 'e' },
  { 0xB7A2, 'f' }, { 0xB8C1, 'g' }, { 0xB9FE, 'h' }, { 0xBBF7, 'j' }, { 0xBFA6, 'k' },
  { 0xC0AC, 'l' }, { 0xC2E8, 'm' }, { 0xC4C3, 'n' }, { 0xC5B6, 'o' }, { 0xC5BE, 'p' },
  { 0xC6DA, 'q' }, { 0xC8BB, 'r' }, { 0xC8F6, 's' }, { 0xCBFA, 't' }, { 0xCDDA, 'w' },
  { 0xCEF4, 'x' }, { 0xD1B9, 'y' }, { 0xD4D1, 'z' },
};

#define LEVEL1_FIRST 0xB0A1
#define LEVEL1_LAST 0xD7F9

/* Hanzi outside GB2312 level 1 (level 2 is sorted by radical; a few are not in
 * GB2312 at all) that are common in product names, sorted by code point.
 * Each initial is that of the character's only reading(s) in Unihan
 * kMandarin and pinyin-data; where readings differ, the one used in the word
 * given is chosen. */
typedef struct
{
  gunichar ch;
  char initial;
} ExtraHanzi;

static const ExtraHanzi extra_hanzi[] = {
  { 0x556B, 'z' }, /* 啫 zhě */
  { 0x5570, 'l' }, /* 啰 luo/luó/luō */
  { 0x55B1, 'l' }, /* 喱 lí */
  { 0x55E8, 'h' }, /* 嗨 hāi/hēi */
  { 0x5803, 'k' }, /* 堃 kūn */
  { 0x5955, 'y' }, /* 奕 yì */
  { 0x5A05, 'y' }, /* 娅 yà */
  { 0x6590, 'f' }, /* 斐 fěi */
  { 0x6607, 's' }, /* 昇 shēng */
  { 0x660A, 'h' }, /* 昊 hào */
  { 0x675E, 'q' }, /* 杞 qǐ */
  { 0x6777, 'p' }, /* 枇杷 pípá */
  { 0x6787, 'p' }, /* 枇杷 pípá */
  { 0x67B8, 'g' }, /* 枸杞 gǒuqǐ */
  { 0x67DA, 'y' }, /* 柚子 yòuzi */
  { 0x67F0, 'n' }, /* 柰 nài */
  { 0x6939, 's' }, /* 桑椹 sāngshèn */
  { 0x6942, 'z' }, /* 山楂 shānzhā */
  { 0x6984, 'l' }, /* 榄 lǎn */
  { 0x6988, 'l' }, /* 榈 lǘ */
  { 0x699B, 'z' }, /* 榛 zhēn */
  { 0x69DF, 'b' }, /* 槟 bīn/bīng */
  { 0x6A44, 'g' }, /* 橄 gǎn */
  { 0x6A58, 'j' }, /* 橘 jú */
  { 0x6C46, 'c' }, /* 汆 cuān */
  { 0x6C90, 'm' }, /* 沐 mù */
  { 0x6CD3, 'h' }, /* 泓 hóng */
  { 0x6CF8, 'l' }, /* 泸 lú */
  { 0x6DAE, 's' }, /* 涮 shuàn/shuā */
  { 0x6DC7, 'q' }, /* 淇 qí */
  { 0x6EE2, 'y' }, /* 滢 yíng */
  { 0x6F47, 'x' }, /* 潇 xiāo */
  { 0x709D, 'q' }, /* 炝 qiàng */
  { 0x70AB, 'x' }, /* 炫 xuàn */
  { 0x70E8, 'y' }, /* 烨 yè */
  { 0x7116, 'm' }, /* 焖 mèn */
  { 0x7117, 'j' }, /* 焗 jú */
  { 0x715C, 'y' }, /* 煜 yù */
  { 0x7172, 'b' }, /* 煲 bāo */
  { 0x7178, 'b' }, /* 煸 biān */
  { 0x7315, 'm' }, /* 猕 mí */
  { 0x73A5, 'y' }, /* 玥 yuè */
  { 0x73C0, 'p' }, /* 珀 pò */
  { 0x73C8, 'j' }, /* 珈 jiā */
  { 0x73D1, 'l' }, /* 珑 lóng */
  { 0x73FA, 'j' }, /* 珺 jùn */
  { 0x7425, 'h' }, /* 琥 hǔ */
  { 0x7426, 'q' }, /* 琦 qí */
  { 0x742A, 'q' }, /* 琪 qí */
  { 0x7459, 'n' }, /* 瑙 nǎo */
  { 0x745B, 'y' }, /* 瑛 yīng */
  { 0x745C, 'y' }, /* 瑜 yú */
  { 0x747E, 'j' }, /* 瑾 jìn/jǐn */
  { 0x7487, 'x' }, /* 璇 xuán */
  { 0x749E, 'p' }, /* 璞 pú */
  { 0x7519, 'd' }, /* 甙 dài */
  { 0x75F1, 'f' }, /* 痱 fèi/féi/fěi */
  { 0x7693, 'h' }, /* 皓 huī/hào */
  { 0x7A1E, 'k' }, /* 青稞 qīngkē */
  { 0x7A37, 'j' }, /* 稷 jì */
  { 0x7C38, 'b' }, /* 簸 bò/bǒ */
  { 0x7C7C, 'x' }, /* 籼 xiān */
  { 0x7C91, 'b' }, /* 粑 bā */
  { 0x7CA2, 'c' }, /* 粢饭 cífàn */
  { 0x7CBD, 'z' }, /* 粽 zòng */
  { 0x7CBF, 'g' }, /* 粿条 guǒtiáo */
  { 0x7CC1, 's' }, /* 糁 shēn/sǎn */
  { 0x7CCD, 'c' }, /* 糍 cí */
  { 0x7F9F, 'q' }, /* 羟 qiǎng */
  { 0x7FCA, 'y' }, /* 翊 yì */
  { 0x7FE1, 'f' }, /* 翡 fěi */
  { 0x80AB, 'z' }, /* 鸡肫 jīzhūn */
  { 0x80B4, 'y' }, /* 肴 yáo */
  { 0x80BD, 't' }, /* 肽 tài */
  { 0x80D7, 'z' }, /* 胗 zhēn/zhěn/zhūn */
  { 0x814C, 'y' }, /* 腌制 yānzhì */
  { 0x8169, 'n' }, /* 腩 nǎn */
  { 0x8171, 'j' }, /* 牛腱 niújiàn */
  { 0x827F, 'n' }, /* 芋艿 yùnǎi */
  { 0x828E, 'x' }, /* 川芎 chuānxiōng */
  { 0x82A1, 'q' }, /* 芡 qiàn */
  { 0x82AA, 'q' }, /* 黄芪 huángqí */
  { 0x82AB, 'y' }, /* 芫 yuán/yán */
  { 0x82B8, 'y' }, /* 芸 yùn/yún */
  { 0x82CB, 'x' }, /* 苋 xiàn */
  { 0x82D3, 'l' }, /* 苓 lián/líng */
  { 0x82DC, 'm' }, /* 苜 mù */
  { 0x82E3, 'j' }, /* 莴苣 wōjù */
  { 0x82F7, 'g' }, /* 苷 gān */
  { 0x8309, 'm' }, /* 茉 mò */
  { 0x8317, 'm' }, /* 茗 míng */
  { 0x832D, 'j' }, /* 茭白 jiāobái */
  { 0x832F, 'f' }, /* 茯 fú */
  { 0x8334, 'h' }, /* 茴 huí */
  { 0x833C, 't' }, /* 茼 tóng */
  { 0x835E, 'q' }, /* 荞 qiáo */
  { 0x836A, 's' }, /* 荪 sūn */
  { 0x8378, 'b' }, /* 荸 bí */
  { 0x837D, 's' }, /* 芫荽 yánsuī */
  { 0x8393, 'm' }, /* 莓 méi */
  { 0x839E, 'g' }, /* 东莞 dōngguǎn */
  { 0x83B3, 's' }, /* 莳 shì/shí */
  { 0x83B4, 'w' }, /* 莴 wō */
  { 0x83BC, 'c' }, /* 莼 chún */
  { 0x8403, 'c' }, /* 萃 cuì */
  { 0x845A, 's' }, /* 桑葚 sāngshèn */
  { 0x848C, 'l' }, /* 蒌 lóu */
  { 0x84BF, 'h' }, /* 茼蒿 tónghāo */
  { 0x853B, 'k' }, /* 蔻 kòu */
  { 0x8543, 'f' }, /* 蕃茄 fānqié */
  { 0x8548, 'x' }, /* 香蕈 xiāngxùn */
  { 0x8568, 'j' }, /* 蕨 jué */
  { 0x8579, 'w' }, /* 蕹菜 wèngcài */
  { 0x858F, 'y' }, /* 薏 yì */
  { 0x85B9, 't' }, /* 薹 tái */
  { 0x85D3, 'x' }, /* 藓 xiǎn */
  { 0x85DC, 'l' }, /* 藜 lí */
  { 0x869D, 'h' }, /* 蚝油 háoyóu */
  { 0x86AC, 'x' }, /* 蚬 xiǎn */
  { 0x86B6, 'h' }, /* 蚶 hán/hān */
  { 0x86C4, 'g' }, /* 蛄 gū/gǔ */
  { 0x86CE, 'l' }, /* 蛎 lì */
  { 0x86CF, 'c' }, /* 蛏 chēng */
  { 0x86F3, 's' }, /* 蛳 sī */
  { 0x8707, 'z' }, /* 蜇 zhé/zhē */
  { 0x870A, 'l' }, /* 蜊 lí */
  { 0x8783, 'p' }, /* 螃蟹 pángxiè */
  { 0x8C47, 'j' }, /* 豇 jiāng */
  { 0x8C49, 'c' }, /* 豆豉 dòuchǐ */
  { 0x916F, 'z' }, /* 酯 zhǐ */
  { 0x9170, 'x' }, /* 酰 xiān */
  { 0x9185, 'p' }, /* 醅 pēi */
  { 0x91AA, 'l' }, /* 醪 láo */
  { 0x97EC, 't' }, /* 韬 tāo */
  { 0x992E, 't' }, /* 餮 tiè */
  { 0x9955, 't' }, /* 饕 tāo */
  { 0x9968, 't' }, /* 饨 tún */
  { 0x9974, 'y' }, /* 饴 yí */
  { 0x9977, 'x' }, /* 饷 xiǎng */
  { 0x9978, 'h' }, /* 饸 hé */
  { 0x997D, 'b' }, /* 饽 bō */
  { 0x9984, 'h' }, /* 馄 hún */
  { 0x998D, 'm' }, /* 馍 mó */
  { 0x9990, 'x' }, /* 馐 xiū */
  { 0x9993, 's' }, /* 馓 sǎn */
  { 0x9994, 'z' }, /* 馔 zhuàn */
  { 0x9995, 'n' }, /* 馕 náng/nǎng */
  { 0x9C7F, 'y' }, /* 鱿 yóu */
  { 0x9C82, 'f' }, /* 鲂 fáng */
  { 0x9C85, 'b' }, /* 鲅 bà/bō */
  { 0x9C88, 'l' }, /* 鲈 lú */
  { 0x9C91, 'g' }, /* 鲑鱼 guīyú */
  { 0x9C9E, 'x' }, /* 鲞 xiǎng */
  { 0x9C9F, 'x' }, /* 鲟 xún */
  { 0x9CA2, 'l' }, /* 鲢 lián */
  { 0x9CA5, 's' }, /* 鲥 shí */
  { 0x9CA9, 'h' }, /* 鲩 huàn */
  { 0x9CAB, 'j' }, /* 鲫 jì */
  { 0x9CAD, 'q' }, /* 鲭鱼 qīngyú */
  { 0x9CAE, 'l' }, /* 鲮 líng */
  { 0x9CB3, 'c' }, /* 鲳 chāng */
  { 0x9CB6, 'n' }, /* 鲶 nián */
  { 0x9CB7, 'd' }, /* 鲷 diāo */
  { 0x9CBB, 'z' }, /* 鲻 zī */
  { 0x9CC4, 'e' }, /* 鳄 è */
  { 0x9CC5, 'q' }, /* 鳅 qiū */
  { 0x9CCA, 'b' }, /* 鳊 biān */
  { 0x9CCE, 't' }, /* 鳎 tǎ */
  { 0x9CD5, 'x' }, /* 鳕 xuě */
  { 0x9CD7, 'm' }, /* 鳗 mán */
  { 0x9CD9, 'y' }, /* 鳙 yōng */
  { 0x9CDC, 'g' }, /* 鳜 guì */
  { 0x9CDD, 's' }, /* 鳝 shàn */
  { 0x9CDF, 'z' }, /* 鳟 zūn */
  { 0x9E4C, 'a' }, /* 鹌 ān */
  { 0x9E51, 'c' }, /* 鹑 chún */
  { 0x9E92, 'q' }, /* 麒 qí */
  { 0x9E9F, 'l' }, /* 麟 lín */
  { 0x9EB8, 'f' }, /* 麸 fū */
  { 0x9EDB, 'd' }, /* 黛 dài */
};

static int
compare_extra (const void *key, const void *entry)
{
  gunichar ch = *(const gunichar *)key;
  gunichar other = ((const ExtraHanzi *)entry)->ch;

  return ch < other ? -1 : ch > other;
}

static char
extra_initial (gunichar ch)
{
  const ExtraHanzi *hit = bsearch (&ch, extra_hanzi, G_N_ELEMENTS (extra_hanzi),
                                   sizeof extra_hanzi[0], compare_extra);

  return hit != NULL ? hit->initial : 0;
}

static char
level1_initial (guint code)
{
  char initial = 0;

  if (code < LEVEL1_FIRST || code > LEVEL1_LAST || (code & 0xFF) < 0xA1 || (code & 0xFF) == 0xFF)
    return 0;
  for (gsize i = 0; i < G_N_ELEMENTS (level1_ranges) && code >= level1_ranges[i].first_code; i++)
    initial = level1_ranges[i].initial;
  return initial;
}

/* The two-byte GB2312 (EUC-CN) code of one UTF-8 character, 0 if it has none. */
static guint
gb2312_code (GIConv cd, const char *utf8, gsize len)
{
  char in[8];
  char encoded[8];
  char *in_p = in;
  char *out_p = encoded;
  gsize in_left = len;
  gsize out_left = sizeof encoded;

  memcpy (in, utf8, MIN (len, sizeof in));
  if (len > sizeof in || g_iconv (cd, &in_p, &in_left, &out_p, &out_left) == (gsize)-1)
    {
      g_iconv (cd, NULL, NULL, NULL, NULL);
      return 0;
    }
  if (out_p - encoded != 2)
    return 0;
  return (guint)(guchar)encoded[0] << 8 | (guchar)encoded[1];
}

/* Fullwidth Latin letters and digits (as typed by a Chinese input method,
 * "５００ｍｌ") count as their ASCII forms. */
static char
latin_initial (gunichar c)
{
  if (c >= 0xFF10 && c <= 0xFF5A)
    c -= 0xFF10 - '0';
  if (c < 0x80 && g_ascii_isalnum ((char)c))
    return g_ascii_tolower ((char)c);
  return 0;
}

static char
char_initial (GIConv cd, gunichar c, const char *utf8, gsize len)
{
  char initial = latin_initial (c);

  if (initial != 0 || c < 0x80)
    return initial;
  initial = extra_initial (c);
  if (initial != 0 || cd == (GIConv)-1)
    return initial;
  return level1_initial (gb2312_code (cd, utf8, len));
}

char *
mpos_pinyin_initials (const char *utf8)
{
  GString *out;
  GIConv cd;

  g_return_val_if_fail (utf8 != NULL, NULL);

  out = g_string_new (NULL);
  cd = g_iconv_open ("GB2312", "UTF-8");
  if (cd == (GIConv)-1)
    g_warning_once ("No GB2312 converter (glibc gconv modules missing?): "
                    "pinyin initials only from ASCII and the built-in table");

  for (const char *p = utf8; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      const char *next;
      char initial;

      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          p++; /* a stray byte of broken UTF-8: skip it, keep the rest */
          continue;
        }
      next = g_utf8_next_char (p);
      initial = char_initial (cd, c, p, next - p);
      if (initial != 0)
        g_string_append_c (out, initial);
      p = next;
    }

  if (cd != (GIConv)-1)
    g_iconv_close (cd);
  return g_string_free (out, FALSE);
}
