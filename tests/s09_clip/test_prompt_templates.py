"""Specs for katas/s09_clip/prompt_templates.py."""
import itertools

from harness.captions import DIGITS, TEMPLATES, WORDS, Attributes, caption
from harness.checks import expect, expect_raises


def test_article(kata):
    for word, want in (("eight", "an"), ("seven", "a"), ("upright", "an"), ("Apple", "an"),
                       ("thick", "a"), ("one", "a"), ("image", "an"), ("zero", "a")):
        got = kata.article(word)
        expect(got == want, (f"article({word!r}) should be {want!r}, got {got!r} (\"an\" before a vowel "
                             f"letter a e i o u in any case; \"a one\" is the one exception)",
                             f"article({word!r}) は {want!r} のはずですが、{got!r} でした（大文字小文字に関係なく"
                             f"母音字 a e i o u の前は \"an\"。\"a one\" だけが例外です）"))


def test_one_prompt_per_digit_in_both_languages(kata):
    got = kata.digit_prompts("{a} {digit}", list(DIGITS["en"]))
    want = ["a zero", "a one", "a two", "a three", "a four", "a five", "a six", "a seven", "an eight",
            "a nine"]
    expect(got == want, (f"digit_prompts('{{a}} {{digit}}', English digit words) should be {want}, got {got}",
                         f"digit_prompts('{{a}} {{digit}}', 英語の数字の単語) は {want} のはずですが、{got} でした"))
    got = kata.digit_prompts("{numeral}の数字", list(DIGITS["ja"]))
    want = [f"{i}の数字" for i in range(10)]
    expect(got == want, (f"digit_prompts('{{numeral}}の数字', Japanese words) should be {want}, got {got}",
                         f"digit_prompts('{{numeral}}の数字', 日本語の単語) は {want} のはずですが、{got} でした"))
    got = kata.digit_prompts("手書きの{digit}", list(DIGITS["ja"]))
    want = [f"手書きの{i}" for i in range(10)]
    expect(got == want, (f"digit_prompts('手書きの{{digit}}', Japanese words) should be {want}, got {got}",
                         f"digit_prompts('手書きの{{digit}}', 日本語の単語) は {want} のはずですが、{got} でした"))


def test_numeral_is_the_class_index_and_digit_the_word(kata):
    got = kata.digit_prompts("class {numeral}: {a} {digit}", ["owl", "cat", "eel"])
    want = ["class 0: an owl", "class 1: a cat", "class 2: an eel"]
    expect(got == want, (f"digit_prompts('class {{numeral}}: {{a}} {{digit}}', ['owl', 'cat', 'eel']) should be "
                         f"{want}, got {got} ({{numeral}} is the index i, {{digit}} the word words[i])",
                         f"digit_prompts('class {{numeral}}: {{a}} {{digit}}', ['owl', 'cat', 'eel']) は {want} の"
                         f"はずですが、{got} でした（{{numeral}} は番号 i、{{digit}} は単語 words[i] です）"))


def test_prompts_read_like_the_training_captions(kata):
    # Every caption template of the course (en and ja) with every attribute combination: filling
    # it per digit must give exactly the captions harness/captions.py writes.
    for lang, (thick, slanted, large) in itertools.product(("en", "ja"), itertools.product((False, True), repeat=3)):
        chosen = {"stroke": thick, "stroke_te": thick, "slant": slanted, "slant_noun": slanted,
                  "size": large, "size_te": large, "size_noun": large}
        fields = {key: pair[int(chosen[key])] for key, pair in WORDS[lang].items()}
        for t, template in enumerate(TEMPLATES[lang]):
            got = kata.digit_prompts(template, list(DIGITS[lang]), **fields)
            want = [caption(Attributes(d, thick, slanted, large), t, lang) for d in range(10)]
            if not expect(got == want,
                          (f"digit_prompts({template!r}, {lang} digits, {fields}) should give the course's "
                           f"captions {want}, got {got} (fill the fields as given; {{a}} takes the article of "
                           f"the word right after it)",
                           f"digit_prompts({template!r}, {lang} の数字, {fields}) はコースのキャプション {want} に"
                           f"なるはずですが、{got} でした（フィールドは与えられたとおりに埋め、{{a}} は直後の単語に"
                           f"合わせた冠詞にします）")):
                return


def test_prompt_grid_is_class_major(kata):
    templates = ["{a} {digit}", "the number {numeral}"]
    got = kata.prompt_grid(templates, ["zero", "one", "two"])
    want = [["a zero", "the number 0"], ["a one", "the number 1"], ["a two", "the number 2"]]
    expect(got == want, (f"prompt_grid({templates}, ['zero', 'one', 'two']) should be {want} (one row per "
                         f"class, one column per template), got {got}",
                         f"prompt_grid({templates}, ['zero', 'one', 'two']) は {want}（クラスごとに 1 行、"
                         f"テンプレートごとに 1 列）のはずですが、{got} でした"))


def test_bad_input(kata):
    words = list(DIGITS["en"])
    expect_raises(ValueError, kata.digit_prompts, "{a} {digit}", [],
                  what=("digit_prompts with no class words", "クラスの単語がない digit_prompts"))
    expect_raises(ValueError, kata.digit_prompts, "{a} {digit}", ["one", "two", "one"],
                  what=("digit_prompts with the word 'one' twice", "単語 'one' が 2 回ある digit_prompts"))
    expect_raises(ValueError, kata.digit_prompts, "a handwritten digit", words,
                  what=("a template with neither {digit} nor {numeral} (every class the same prompt)",
                        "{digit} も {numeral} もないテンプレート（どのクラスも同じプロンプト）"))
    expect_raises(ValueError, kata.digit_prompts, "{a} {stroke} {digit}", words,
                  what=("a template with {stroke} but no stroke= argument", "{stroke} があるのに stroke= 引数がないテンプレート"))
    expect_raises(ValueError, kata.prompt_grid, [], words,
                  what=("prompt_grid with no templates", "テンプレートがない prompt_grid"))
