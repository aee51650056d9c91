"""Kata: prompts for zero-shot classification (one sentence per class, from a template).

CLIP never learns a classifier. To ask it "which digit is this?", you write one sentence per
class, a PROMPT, and pick the class whose sentence matches the image best. The prompts should read
like the captions it was trained on: "a seven" and "an eight", never "a eight" (that token
sequence never occurred, so its embedding is off), and in the training language. So a prompt is a
template with placeholders, filled once per class:

    {digit}    the class word, words[i]          ("seven", or "7" from a Japanese word list)
    {numeral}  the class index i as a numeral    ("7")
    {a}        the English article of the word that follows it in the filled text:
               "an" when that word starts with a vowel letter a e i o u, else "a"; one
               exception: "a one" (it is said "won")
    {other}    any other placeholder: a fixed word given as a keyword argument (stroke="thick")

    digit_prompts("{a} {digit}", ["zero", …, "nine"])       = ["a zero", "a one", …, "an eight", "a nine"]
    digit_prompts("{a} {stroke} {digit}", en, stroke="upright")  = ["an upright zero", …]
    digit_prompts("{numeral}の数字", ["0", …, "9"])           = ["0の数字", …, "9の数字"]

(English goes by the sound, not the letter; for the words of this course the letter rule, with
"one" as its only exception, gives the right article, the same one the training captions use.)
Parts: `article(word) -> "a" | "an"`; `digit_prompts(template, words, **fields) -> list[str]`
(one prompt per word, in the order of words); `prompt_grid(templates, words, **fields) ->
list[list[str]]` (prompt_grid[i][k] = digit_prompts(templates[k], words, **fields)[i]: one row
per class, one column per template, for prompt ensembling).
Bad input -> ValueError: no words; two equal words (two classes would share one prompt); a
template with neither {digit} nor {numeral} (every class would get the same prompt); a
placeholder that no keyword argument fills; no templates in prompt_grid.

【日本語】
カタ: ゼロショット分類のためのプロンプト（テンプレートからクラスごとに 1 文）。

CLIP は分類器を学習しません。「これはどの数字？」と尋ねるには、クラスごとに 1 つの文、つまり
プロンプトを書き、画像にいちばん合う文のクラスを選びます。プロンプトは学習に使ったキャプションと
同じように書くべきです。"a seven" と "an eight" であって "a eight" ではありません（そのトークン列は
一度も現れなかったので、埋め込みがずれます）。言語も学習時と同じにします。そこでプロンプトは
プレースホルダ付きのテンプレートとし、クラスごとに 1 回ずつ埋めます。

    {digit}    クラスの単語 words[i]             （"seven"、日本語の単語リストなら "7"）
    {numeral}  クラスの番号 i を数字で書いたもの （"7"）
    {a}        埋めた後の文で直後に来る単語に合わせた英語の冠詞:
               その単語が母音字 a e i o u で始まれば "an"、そうでなければ "a"。例外が 1 つあり、
               "a one" です（"won" と発音します）
    {other}    それ以外のプレースホルダ: キーワード引数で与える固定の単語（stroke="thick"）

    digit_prompts("{a} {digit}", ["zero", …, "nine"])       = ["a zero", "a one", …, "an eight", "a nine"]
    digit_prompts("{a} {stroke} {digit}", en, stroke="upright")  = ["an upright zero", …]
    digit_prompts("{numeral}の数字", ["0", …, "9"])           = ["0の数字", …, "9の数字"]

（英語の冠詞は文字ではなく発音で決まります。このコースの単語では、"one" だけを例外とする文字の規則で
正しい冠詞になり、学習用のキャプションと同じ冠詞になります。）
部品: `article(word) -> "a" | "an"`、`digit_prompts(template, words, **fields) -> list[str]`
（単語ごとに 1 つのプロンプトを words の順に）、`prompt_grid(templates, words, **fields) ->
list[list[str]]`（prompt_grid[i][k] = digit_prompts(templates[k], words, **fields)[i]。クラスごとに 1 行、
テンプレートごとに 1 列で、プロンプトのアンサンブルに使います）。
不正な入力は ValueError: 単語がない、同じ単語が 2 つある（2 つのクラスが同じプロンプトになります）、
テンプレートに {digit} も {numeral} もない（どのクラスも同じプロンプトになります）、どのキーワード引数も
埋めないプレースホルダがある、prompt_grid にテンプレートがない。
"""
from __future__ import annotations

import re
import string

_MARK = "\x00"  # you may use it to stand in for {a} until the word after it is known


def article(word: str) -> str:
    """"an" before a word that starts with a vowel letter (a e i o u, any case), else "a"; "a one"."""
    # TODO: "a" for "one"; "an" when the first letter (lower-cased) is a vowel; else "a".
    raise NotImplementedError("article: choose a or an by the first letter"
                              " ‖ article: 最初の文字で a か an かを選びましょう")


def digit_prompts(template: str, words: list[str], **fields: str) -> list[str]:
    """One prompt per class: template filled with words[i] ({digit}), i ({numeral}), fields, {a}."""
    # TODO: ValueError for no words, repeated words, or a template without {digit}/{numeral}
    #       (string.Formatter().parse lists the placeholders). For each word i: str.format with
    #       the fields, digit=word, numeral=str(i) and a mark for {a} (a KeyError means a
    #       placeholder nothing fills: ValueError); then replace each mark by the article of the
    #       word after it (re.sub).
    raise NotImplementedError("digit_prompts: fill the template once per class word"
                              " ‖ digit_prompts: クラスの単語ごとにテンプレートを埋めましょう")


def prompt_grid(templates: list[str], words: list[str], **fields: str) -> list[list[str]]:
    """grid[i][k]: class i in template k (one row per class, one column per template)."""
    # TODO: ValueError for no templates; digit_prompts for each template; then regroup so that
    #       row i holds class i's prompt in every template.
    raise NotImplementedError("prompt_grid: one row per class, one column per template"
                              " ‖ prompt_grid: クラスごとに 1 行、テンプレートごとに 1 列にしましょう")
