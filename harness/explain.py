"""A kata's explanation is its module docstring, written twice: English, then Japanese after a
line that reads `【日本語】`. The learner reads both beside the code in the editor; `kata next`
shows the one of their language.

    \"\"\"Kata: one head of causal self-attention.

    A head lets every position gather ...        (the idea, the equation, the shapes, bad input)

    【日本語】
    カタ: 因果的自己注意の 1 ヘッド。
    ...
    \"\"\"
"""
from __future__ import annotations

import ast

JA_MARK = "【日本語】"


def split(docstring: str) -> tuple[str, str]:
    """The (English, Japanese) halves of a kata's docstring; Japanese is '' when it has none."""
    en, _, ja = docstring.partition(JA_MARK)
    return en.strip(), ja.strip()


def of_file(source: str, lang: str) -> str:
    """The explanation in `lang` from a kata file's source ('' when it has no docstring). A file
    the learner broke (a syntax error) still shows its explanation when the docstring is intact."""
    try:
        doc = ast.get_docstring(ast.parse(source)) or ""
    except SyntaxError:
        doc = source.split('"""')[1] if source.count('"""') >= 2 else ""
    en, ja = split(doc)
    return ja if lang == "ja" and ja else en
