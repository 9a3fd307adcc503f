#!/bin/bash
# language.sh — the terminal language (`mallposctl language`) and the
# receipt language (receipt-settings language) in zh_CN, zh_TW and en: in
# each, a sale's receipt carries that language's words and no other's, and
# mallposctl speaks it once the store is open; MALLPOS_LANGUAGE overrides the
# setting for one program, also before any store is open; a language with
# no catalog is refused and changes nothing.
. "$(dirname "$0")/lib.sh"
demo_store
"$MALLPOSCTL" init --default-cashier 1001 >/dev/null || { echo "Bail out! no default cashier"; exit 1; }

# language  total-word  other-languages'-total-words  terminal-language-line  unknown-command
check_language ()
{
  local lang=$1 total=$2 not1=$3 not2=$4 said=$5 unknown=$6
  section "$lang"
  expect 0 "receipt language $lang" receipt-settings language "$lang"
  expect 0 "terminal language $lang" language --set "$lang"
  has_line "$OUT" "$said" "mallposctl answers in $lang once the setting is made"
  expect 0 "a sale in $lang" sale <"$DEMO/sale.json"
  mentions "$OUT" "$total" "the $lang receipt says “$total”"
  lacks "$OUT" "$not1" "the $lang receipt has no “$not1”"
  lacks "$OUT" "$not2" "the $lang receipt has no “$not2”"
  expect 0 "mallposctl language in $lang" language
  has_line "$OUT" "$said" "the setting holds for the next program"
  MALLPOS_LANGUAGE=$lang run bogus
  mentions "$ERR" "$unknown" "MALLPOS_LANGUAGE=$lang: an unknown command is told in $lang"
}

check_language zh_CN "应付" "應付" "Total" "终端语言  zh_CN" "mallposctl：没有“bogus”这个命令"
check_language zh_TW "應付" "应付" "Total" "終端語言  zh_TW" "mallposctl：沒有「bogus」這個指令"
check_language en "Total" "应付" "應付" "terminal language  en" "mallposctl: unknown command “bogus”"

section "the environment overrides the setting for one program"
expect 0 "terminal language zh_TW" language --set zh_TW
MALLPOS_LANGUAGE=en run language
has_line "$OUT" "terminal language  zh_TW" "MALLPOS_LANGUAGE=en: the setting is shown in English"
has_line "$OUT" "overridden by      MALLPOS_LANGUAGE=en for this program" "and the override is named"

section "refused"
before=$(fingerprint)
expect 5 "a language without a catalog is refused" language --set fr
mentions "$ERR" "zh_CN, zh_TW or en, not “fr”" "the refusal names the languages there are"
same "$(fingerprint)" "$before" "the refusal changes nothing"
expect_usage "--set and --unset together" language --set en --unset
expect 0 "unset: back to the system's locale" language --unset
mentions "$OUT" "未設定" "said in the language that was set until now"
expect 0 "and from then on in the locale's" language
has_line "$OUT" "terminal language  not set (the system's locale)" "the C locale speaks English"

finish
