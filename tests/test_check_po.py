"""tools/check_po.py, the checker of the Korean edition: every check flags what it must and
lets the near-misses through, and the whole edition (catalogues, figure text, table data)
passes every check.

The link checks resolve titles from a small fake project (``project`` fixture), so these tests
do not depend on the current wording of the real titles. Where a check follows a renderer
(CommonMark for MyST catalogues, docutils for reST ones), the tests also ask that renderer.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import check_po  # noqa: E402

CACHED = (check_po.korean_title, check_po.catalog_strings, check_po.labels)


def write_catalog(path: Path, messages: dict[str, str]) -> None:
    catalog = Catalog(locale="ko")
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=0)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A fake project: English sources with titles and labels, and their Korean catalogues."""
    files = {
        "docs/chapters/cnn.md": "# Convolutional neural networks\n\nText.\n\n(sec-pool)=\n"
        "## Pooling\n\nMore.\n\n(fig-grid)=\n```{figure} x.png\n```\n",
        "docs/chapters/rnn.md": "# Recurrent neural networks and LSTM\n",
        "docs/chapters/tools.md": "# Tools\n",
        "docs/api/index.md": "# API reference\n",
        "docs/api/cnn.rst": "``dlguide.cnn``: Convolution\n============================\n\n"
        ".. _api-padding:\n\nPadding\n-------\n",
        "gallery/README.rst": ".. _gallery:\n\nGallery\n=======\n",
        "gallery/cnn/README.rst": ".. _gallery-cnn:\n\nConvolutional neural networks\n"
        "-----------------------------\n",
        "gallery/cnn/plot_03_digits_cnn.py": '"""\nA CNN for handwritten digits\n'
        '============================\n\nText.\n"""\n',
        "gallery/basics/plot_02_decision_boundary.py": '"""\nA decision boundary forming\n'
        '===========================\n"""\n',
        "gallery/rnn/plot_01_unrolling.py": '"""\nUnrolling an RNN\n================\n"""\n',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    catalogs = tmp_path / "docs" / "locales" / "ko" / "LC_MESSAGES"
    po = {
        "chapters/cnn": {"Convolutional neural networks": "합성곱 신경망", "Pooling": "풀링"},
        "chapters/rnn": {"Recurrent neural networks and LSTM": "순환 신경망과 LSTM"},
        "chapters/tools": {"Tools": "도구"},
        "api/index": {"API reference": "API 레퍼런스"},
        "api/cnn": {"``dlguide.cnn``: Convolution": "``dlguide.cnn``: 합성곱", "Padding": "패딩"},
        "auto_examples/index": {"Gallery": "예제 갤러리"},
        "auto_examples/cnn/index": {"Convolutional neural networks": "합성곱 신경망"},
        "auto_examples/cnn/plot_03_digits_cnn": {
            "A CNN for handwritten digits": "손글씨 숫자를 읽는 CNN",
            "Text.": "본문.",
        },
        "auto_examples/basics/plot_02_decision_boundary": {
            "A decision boundary forming": "결정 경계가 만들어지는 과정"
        },
        "auto_examples/rnn/plot_01_unrolling": {"Unrolling an RNN": "RNN 펼치기"},
    }
    for doc, messages in po.items():
        write_catalog(catalogs / f"{doc}.po", messages)
    monkeypatch.setattr(check_po, "ROOT", tmp_path)
    monkeypatch.setattr(check_po, "CATALOGS", catalogs)
    for function in CACHED:
        function.cache_clear()
    yield tmp_path
    for function in CACHED:
        function.cache_clear()


def problems(target: str, *, doc: str | None = "chapters/cnn", rest: bool = False) -> list[str]:
    """The problems of a msgstr whose msgid has the same markup."""
    return check_po.message_problems(target, target, docname=doc, rest=rest)


def flags(target: str, what: str, **kwargs) -> list[str]:
    return [p for p in problems(target, **kwargs) if what in p]


# ---- Korean readings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, syllable",
    [
        ("손글씨 숫자를 읽는 CNN", "엔"),
        ("순환 신경망과 LSTM", "엠"),
        ("고리를 학습하는 GAN", "간"),
        ("결정 경계가 만들어지는 과정", "정"),
        ("Goodfellow 외", "외"),
        ("2014", "사"),
        ("1997", "칠"),
        ("10", "십"),
        ("2500", "백"),
        ("0.001", "일"),
        ("Adam", "담"),
        ("PyTorch", "치"),
        ("scikit-learn", "런"),
        ("Keras", "스"),
        ("Schmidhuber", "버"),
        ('"밑바닥부터 만드는 신경망"', "망"),
        ("합성곱 신경망(convolutional neural network, CNN)", "망"),
        ("98%", "트"),
    ],
)
def test_last_sound(text, syllable):
    assert check_po.last_sound(text) == syllable


@pytest.mark.parametrize(
    "code, syllable",
    [("(N, K)", "이"), ("DigitsCNN", "엔"), ("1", "일"), ("x[0]", "영"), ("RNN()", "엔")],
)
def test_code_sound_when_certain(code, syllable):
    assert check_po.code_sound(code) == syllable


@pytest.mark.parametrize("code", ["fit", "tr", "DLGUIDE_LANG", "DLGUIDE_CACHE_DIR", "C++"])
def test_code_sound_not_judged_when_uncertain(code):
    assert check_po.code_sound(code) is None  # tr [티알], LANG [랭]: the spelling does not tell


# ---- 1. particle after a link ---------------------------------------------------------------

LINK_FLAGGED = [
    # sphinx-gallery label -> the gallery page's Korean title
    ("{ref}`sphx_glr_auto_examples_cnn_plot_03_digits_cnn.py`는 그 결과다.", "은"),
    ("{ref}`sphx_glr_auto_examples_basics_plot_02_decision_boundary.py`는 보여 준다.", "은"),
    ("{ref}`sphx_glr_auto_examples_cnn_plot_03_digits_cnn.py`로 학습한다.", "으로"),
    ("{ref}`sphx_glr_auto_examples_cnn_plot_03_digits_cnn.py`로써 보인다.", "으로"),
    ("{ref}`sphx_glr_auto_examples_rnn_plot_01_unrolling.py`이 보여 준다.", "가"),
    ("{ref}`sphx_glr_auto_examples_rnn_plot_01_unrolling.py`을 보라.", "를"),
    ("{ref}`sphx_glr_auto_examples_rnn_plot_01_unrolling.py`과 비교한다.", "와"),
    # {doc}: the first message of the target's catalogue; relative and absolute targets
    ("{doc}`rnn`는 시퀀스를 다룬다.", "은"),
    ("{doc}`tools`은 도구를 비교한다.", "는"),
    # a MyST label before a heading -> that heading's msgstr in the target's catalogue
    ("{ref}`sec-pool`를 보라.", "을"),
    # a label in a gallery README, and one in an .rst page
    ("{ref}`gallery-cnn`는 예제를 모은다.", "은"),
    ("{ref}`api-padding`를 보라.", "을"),
    # a link's own text counts, not the target's title
    ("{doc}`다음 장 <rnn>`는 시퀀스를 다룬다.", "은"),
    ("{ref}`예제 <sphx_glr_auto_examples_cnn_plot_03_digits_cnn.py>`은 보여 준다.", "는"),
    ("{doc}`이 글 <rnn>`으로 넘어간다.", "로"),  # ㄹ takes 로
    ("{term}`필터 <filter>`을 옮긴다.", "를"),
    ("[결정 경계](https://example.org/x)은 곡선이다.", "는"),
    # code whose reading is certain
    ("``LSTM``는 게이트를 쓴다.", "은"),
    ("``1``으로 채운다.", "로"),
    ("``(N, K)``은 모양이다.", "는"),
    ("{class}`dlguide.cnn.DigitsCNN`는 작다.", "은"),
]


@pytest.mark.parametrize("target, right", LINK_FLAGGED)
def test_particle_after_link_is_flagged(project, target, right):
    found = flags(target, "particle")
    assert len(found) == 1, found
    assert f"write {right!r}" in found[0]


def test_particle_after_link_in_a_rest_catalogue(project):
    target = "예제 :doc:`/auto_examples/cnn/plot_03_digits_cnn`\\ 는 보여 준다."
    assert flags(target, "write '은'", doc="auto_examples/cnn/index", rest=True)
    target = "예제 :doc:`/auto_examples/cnn/plot_03_digits_cnn`\\ 은 보여 준다."
    assert not flags(target, "particle", doc="auto_examples/cnn/index", rest=True)


def test_relative_doc_target_from_another_folder(project):
    assert flags("{doc}`../chapters/cnn`가 다룬다.", "write '이'", doc="api/index")
    assert not flags("{doc}`../chapters/cnn`이 다룬다.", "particle", doc="api/index")


LINK_FINE = [
    "{ref}`sphx_glr_auto_examples_cnn_plot_03_digits_cnn.py`은 그 결과다.",
    "{ref}`sphx_glr_auto_examples_cnn_plot_03_digits_cnn.py`으로 학습한다.",
    "{ref}`sphx_glr_auto_examples_basics_plot_02_decision_boundary.py`은 보여 준다.",
    # not a particle: the copula and other words that start with 이, 가, 로
    "{ref}`sphx_glr_auto_examples_rnn_plot_01_unrolling.py`이다.",
    "{ref}`sphx_glr_auto_examples_rnn_plot_01_unrolling.py`이며 예제다.",
    "{ref}`sphx_glr_auto_examples_rnn_plot_01_unrolling.py`이고 예제다.",
    "{ref}`sphx_glr_auto_examples_cnn_plot_03_digits_cnn.py`가장 작은 예제.",
    "{ref}`sphx_glr_auto_examples_rnn_plot_01_unrolling.py`가 보여 준다.",
    "{ref}`sphx_glr_auto_examples_rnn_plot_01_unrolling.py`로 넘어간다.",
    # particles that do not change, and a space after the link
    "{doc}`rnn`에서 다룬다.",
    "{doc}`rnn`의 예제.",
    "{doc}`rnn` 장은 시퀀스를 다룬다.",
    "{doc}`tools`는 도구를 비교한다.",
    "{doc}`이 글 <rnn>`로 넘어간다.",
    "{term}`필터 <filter>`를 옮긴다.",
    "{ref}`sec-pool`을 보라.",
    # unknown targets and code that cannot be read with certainty are not judged
    "{ref}`no-such-label`는 없다.",
    "{ref}`fig-grid`는 그림이다.",
    "{func}`dlguide.cnn.conv2d`는 빠르다.",
    "``fit``을 부른다.",
    "``DLGUIDE_LANG``이 정한다.",
    "$x_t$는 입력이다.",
]


@pytest.mark.parametrize("target", LINK_FINE)
def test_particle_after_link_near_misses(project, target):
    assert not flags(target, "particle"), problems(target)


# ---- 2. particle after a parenthesis --------------------------------------------------------

PAREN_FLAGGED = [
    ("Goodfellow 외(2014, 3절)이 제안했다.", "가"),
    ('Radford 외(2015, "Unsupervised representation learning")은 보였다.', "는"),
    ("인공지능(artificial intelligence, AI)는 분야다.", "은"),
    ("Hochreiter와 Schmidhuber(1997)은 LSTM을 제안했다.", "는"),
    ("합성곱(convolution)를 계산한다.", "을"),
    ("크로노 초기화(chrono initialisation)으로 시작한다.", "로"),
    ("*다층 퍼셉트론*(multilayer perceptron, MLP)는 층을 쌓는다.", "은"),
    ("PyTorch 2.0(2023)는 컴파일한다.", "은"),
    ("모양이 (N, K)은 아니다.", "는"),
    # the text of a {term} link with a gloss
    (
        "{term}`합성곱 신경망(convolutional neural network, CNN) <convolutional neural network>`는"
        " 신경망이다.",
        "은",
    ),
]


@pytest.mark.parametrize("target, right", PAREN_FLAGGED)
def test_particle_after_parenthesis_is_flagged(project, target, right):
    found = flags(target, "particle")
    assert len(found) == 1, found
    assert f"write {right!r}" in found[0]


PAREN_FINE = [
    "Goodfellow 외(2014)가 제안했다.",
    "Goodfellow 외(2014, 3절)가 제안했다.",
    "Radford 외(2015)는 보였다.",
    "인공지능(artificial intelligence, AI)은 분야다.",
    "Hochreiter와 Schmidhuber(1997)는 LSTM을 제안했다.",
    "크로노 초기화(chrono initialisation)로 시작한다.",
    "신경망(neural network)이다.",
    "함수 f(x)는 매끄럽다.",
    "식 $\\sigma(z)(1 - \\sigma(z))$는 작다.",
    "``f(x)``는 값을 돌려준다.",
    "{func}`dlguide.nn.fit`(배치 하나)는 빠르다.",
    "그림 3(a)는 결과다.",
    "(2014)는 해다.",
    "값은 1/6(약 0.17)이다.",
    "{term}`합성곱 신경망(convolutional neural network, CNN) <convolutional neural network>`은"
    " 신경망이다.",
]


@pytest.mark.parametrize("target", PAREN_FINE)
def test_particle_after_parenthesis_near_misses(project, target):
    assert not flags(target, "particle"), problems(target)


# ---- 3. markup: MyST emphasis, reST inline markup ---------------------------------------------

EMPHASIS_FLAGGED = [
    "Tallec가 제안한 *크로노 초기화(chrono initialisation)*로 시작한다.",
    "이것을 **판정 분류기(judge)**라고 부른다.",
    "이 값은 *“작다”*는 뜻이다.",
    "값*(강조)* 하나.",  # an opening * between Hangul and punctuation
]
EMPHASIS_FINE = [
    "Tallec가 제안한 *크로노 초기화*(chrono initialisation)로 시작한다.",
    "각 봉우리를 *모드*(mode)라고 한다.",
    "이를 *업샘플링 합성곱*이라고도 부른다.",
    "(*강조*) 하나.",
    "*크로노 초기화(chrono initialisation)* 로 시작한다.",
    "식 $a*b*c$는 곱이다.",
    "``*args``를 받는다.",
    "2 * 3 * 4는 24다.",
]


def commonmark_leaves_a_star(text: str) -> bool:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    tokens = MarkdownIt("commonmark").use(dollarmath_plugin).parseInline(text)[0].children
    return any(t.type == "text" and "*" in t.content for t in tokens)


@pytest.mark.parametrize("target", EMPHASIS_FLAGGED)
def test_emphasis_that_does_not_render_is_flagged(target):
    assert flags(target, "emphasis", doc=None)
    assert commonmark_leaves_a_star(target)  # the renderer agrees: the asterisks show


@pytest.mark.parametrize("target", EMPHASIS_FINE)
def test_emphasis_near_misses(target):
    assert not flags(target, "emphasis", doc=None)
    if "2 * 3" not in target:
        assert not commonmark_leaves_a_star(target)


def test_emphasis_check_is_for_myst_catalogues_only():
    target = EMPHASIS_FLAGGED[0]
    assert not flags(target, "emphasis", doc=None, rest=True)
    assert flags(target, "reST markup", doc=None, rest=True)  # reST has its own rule


def test_backslash_space_in_a_myst_catalogue():
    assert flags("``x``\\ 를 쓴다.", "backslash-space", doc=None)
    assert not flags("``x``를 쓴다.", "backslash-space", doc=None)
    assert not flags("``x``\\ 를 쓴다.", "backslash-space", doc=None, rest=True)


def docutils_literals(text: str) -> int:
    from docutils import nodes
    from docutils.core import publish_doctree

    tree = publish_doctree(text, settings_overrides={"report_level": 5})
    return len(list(tree.findall(nodes.literal)))


@pytest.mark.parametrize("target", ["``x``를 쓴다.", "값``x``\\ 를 쓴다.", "``x``\\ 를와 ``y``로"])
def test_rest_markup_next_to_hangul_is_flagged(target):
    assert flags(target, "reST markup", doc=None, rest=True)
    assert docutils_literals(target) < target.count("``") // 2  # docutils agrees


@pytest.mark.parametrize(
    "target",
    [
        "``x``\\ 를 쓴다.",
        "값 ``x``\\ 를 쓴다.",
        ":class:`Linear`\\ 는 층이다.",
        ":func:`fit`\\ 으로 학습한다.",
        ":term:`합성곱 <convolution>`\\ 은 연산이다.",  # Hangul inside the role is fine
        "``한글``\\ 은 문자다.",
        "*강조*\\ 는 기울인다.",
    ],
)
def test_rest_markup_near_misses(target):
    assert not flags(target, "reST markup", doc=None, rest=True)


# ---- 4. style list: term choices, calques, citations, lead-ins, glosses -----------------------

STYLE_FLAGGED = [
    ("데이터 세트를 만든다.", "데이터셋"),
    ("이 안내서는 짧다.", "가이드"),
    ("가짜 샘플을 떼어 낸다.", "표본"),
    ("윈도우 × 필터", "창"),
    ("심판은 CNN이다.", "판정 분류기"),
    ("모든 부분을 바닥부터 직접 구현했다.", "처음부터 직접"),
    ("뒤의 것은 앞의 것의 일부다.", "name the two things"),
    ("결과도 그것과 대조해 검증했다.", "name what is compared"),
    ("다음 우리 함수를 적용한다.", "dlguide의 함수"),
    ("우리의 `conv2d`는 빠르다.", "dlguide의 함수"),
    ("기울기 클리핑(Pascanu et al. 2013)이다.", "외"),
    ("Hochreiter & Schmidhuber(1997)는 제안했다.", "와/과"),
    ("점수는 다음과 같다:", "다."),
    ("인공지능(artificial intelligence)(AI)은 분야다.", "one pair of parentheses"),
    ("시간 역전파(backpropagation through time, BPTT)(Werbos, 1990)라 한다.", "one pair"),
    ("{term}`데이터 세트 <dataset>`를 쓴다.", "데이터셋"),  # the text of a link is prose
]


@pytest.mark.parametrize("target, use", STYLE_FLAGGED)
def test_style_list_is_flagged(target, use):
    found = [p for p in check_po.style_problems(target) if f"write {use}" in p]
    assert len(found) >= 1, check_po.style_problems(target)


STYLE_FINE = [
    "데이터셋을 만든다.",
    "이 가이드는 짧다.",
    "스트라이드로 다운샘플링하고 업샘플링한다.",
    "리샘플링 방법을 배운다.",
    "Windows와 윈도우즈에서 돈다.",
    "밑바닥부터 만드는 신경망",
    "PyTorch의 대응 요소와 대조해 검증했다.",
    "게임은 우리가 원하는 지점에서 끝난다.",
    "각 봉우리의 높이는 같다.",
    "손바닥부터 닦는다.",
    "Goodfellow 외(2014)가 제안했다.",
    "Hochreiter와 Schmidhuber(1997)는 제안했다.",
    "``a & b``는 논리곱이다.",
    "$a \\& b$",
    "주소는 https://example.org/?a=1&b=2 이다.",
    "``et al.``은 문자열이다.",
    "점수는 다음과 같다.",
    "다음과 같다: ``x``를 보라.",
    "식 $f(x)(y)$는 값이다.",
    "기울기 클리핑(gradient clipping; Pascanu 외, 2013)이다.",
    "크기 &nbsp; 두 칸",
]


@pytest.mark.parametrize("target", STYLE_FINE)
def test_style_list_near_misses(target):
    assert not check_po.style_problems(target)


def test_style_sheet_names_every_rule_of_the_data():
    """STYLE.md explains each form ko_style.toml forbids."""
    sheet = (ROOT / "docs" / "locales" / "ko" / "STYLE.md").read_text("utf-8")
    data = check_po.style_data()
    for table in ("avoid", "calque", "citation", "form"):
        for entry in data[table]:
            assert entry["text"] in sheet, entry["text"]
            pattern = re.compile(entry.get("pattern") or re.escape(entry["text"]))
            examples = {"다:": "같다:", ")(": "용어(English)(ABBR)"}
            sample = examples.get(entry["text"], entry["text"])
            assert pattern.search(sample), entry  # each entry catches its own example


def test_glossary_variants_are_flagged_in_figure_text():
    variant, preferred = next(iter(check_po.glossary_variants().items()))
    assert any(preferred in p for p in check_po.text_problems(f"{variant}의 예"))


# ---- 5. 문체: 한다체 everywhere --------------------------------------------------------------

REGISTER_FLAGGED = [
    "t = 0: 은닉 상태는 0에서 시작합니다",
    "단어 전체가 요약됩니다",
    "가장 널리 쓰이는 도구입니다.",
    "모델이 평범한 코드이고 디버깅이 쉽습니다.",
    "직접 실행해 보세요.",
    "결과가 좋아요.",
    "이제 살펴봅시다.",
    "이것이 요점이죠.",
]
REGISTER_FINE = [
    "t = 0: 은닉 상태는 0에서 시작한다",
    "단어 전체가 요약된다",
    "가장 널리 쓰이는 도구다.",
    "가중치 갱신에 필요",
    "주요 개념의 개요",
    "중요한 것은 모양이다.",
    "입력 xₜ",
]


@pytest.mark.parametrize("text", REGISTER_FLAGGED)
def test_polite_register_is_flagged(text):
    assert any("한다체" in p for p in check_po.style_problems(text)), text


@pytest.mark.parametrize("text", REGISTER_FINE)
def test_polite_register_near_misses(text):
    assert not check_po.style_problems(text)


def test_figure_text_is_checked(tmp_path):
    script = tmp_path / "plot_demo.py"
    script.write_text(
        "from dlguide.plotting import tr\n"
        "a = tr('starts at zero', '0에서 시작합니다')\n"
        "b = tr(f'step {1}', f'{1}단계: 은닉 상태가 요약됩니다')\n"
        "c = tr('fine', '0에서 시작한다')\n"
        "d = tr(en='fake sample', ko='가짜 샘플')\n"
        "print('여기는 그림 글자가 아닙니다')\n",
        "utf-8",
    )
    found = check_po.check_figure_text(script)
    assert [p.split(":")[1] for p in found] == ["2", "3", "5"], found
    assert all(p.startswith("plot_demo.py:") or "plot_demo.py:" in p for p in found)


def test_table_data_is_checked(tmp_path):
    tools = tmp_path / "tools.toml"
    tools.write_text(
        '[kind_ko]\n"framework" = "프레임워크입니다"\n\n[[tool]]\nname = "Torch"\n'
        'strengths_ko = "빠릅니다."\ntypical_use_ko = "연구 코드에 쓴다."\n'
        'strengths_en = "Fast."\n',
        "utf-8",
    )
    glossary = tmp_path / "glossary.toml"
    glossary.write_text(
        '[[term]]\nen = "sample"\nko = "샘플"\nvariants = []\ndef_en = "x"\n'
        'def_ko = "분포에서 뽑은 값입니다."\n',
        "utf-8",
    )
    found = check_po.check_table(tools) + check_po.check_table(glossary)
    assert len(found) == 4, found
    for field in ("[kind_ko] 'framework'", "Torch strengths_ko", "'sample' ko", "def_ko"):
        assert any(field in p for p in found), (field, found)
    assert not any("typical_use_ko" in p for p in found)


def test_the_sources_are_found():
    """The source checks are not blind: they see the gallery's and the chapters' figure text."""
    files = check_po.sources()
    strings = [s for f in files if f.suffix == ".py" for s in check_po.figure_strings(f)]
    assert len(strings) > 100
    assert any(f.parent.name == "_figures" for f in files)
    cells = [c for f in files if f.suffix == ".toml" for c in check_po.table_cells(f)]
    assert any("strengths_ko" in field for field, _ in cells)
    assert any("def_ko" in field for field, _ in cells)
    assert sum(bool(check_po.HANGUL.search(ko)) for _, _, ko in strings) > 100


# ---- the command line -----------------------------------------------------------------------


def test_command_line_names_the_file_the_message_and_the_fix(tmp_path, capsys):
    po = tmp_path / "chapters" / "demo.po"
    write_catalog(po, {"Goodfellow et al. (2014)": "Goodfellow 외(2014)이 제안했다."})
    assert check_po.main([str(po)]) == 1
    out = capsys.readouterr().out
    assert "demo.po" in out and "'Goodfellow et al. (2014)'" in out and "write '가'" in out
    write_catalog(po, {"Goodfellow et al. (2014)": "Goodfellow 외(2014)가 제안했다."})
    assert check_po.main([str(po)]) == 0
    assert "OK: 1 file(s)" in capsys.readouterr().out


def test_existing_checks_are_kept(tmp_path):
    po = tmp_path / "demo.po"
    write_catalog(
        po,
        {
            "Use ``x`` and {term}`convolution`.": "``y``와 {term}`합성곱 <filter>`을 쓴다.",
            "Untranslated.": "",
            "A neural network.": "뉴럴 네트워크.",
        },
    )
    found = "\n".join(check_po.check(po))
    assert "cross-references differ" in found and "code/maths changed" in found
    assert "untranslated" in found and "the glossary term is '신경망'" in found


# ---- the whole edition --------------------------------------------------------------------------


def test_the_korean_edition_passes_every_check():
    """Every catalogue, every figure string and every table cell: no problem at all."""
    files = check_po.catalogues() + check_po.sources()
    found = [p for f in files for p in check_po.check_file(f)]
    assert not found, f"{len(found)} problem(s):\n" + "\n".join(found)
