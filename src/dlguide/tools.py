"""The deep-learning tools table, kept as data in both languages.

The guide's "Tools" section is drawn from ``TOOLS``, one :class:`Tool` record per tool,
with English and Korean text side by side, so the two sites list the same facts. The seed post
this guide grew from describes Jupyter with scikit-learn's text (as a machine-learning library);
Jupyter is a notebook environment in which such libraries are run, and the record says so.

Facts are stated conservatively and as of :data:`as_of`; where a year is uncertain the comment
beside it says so. Web addresses are plain text (``url_text``), never fetched.

>>> len(TOOLS)
7
>>> jupyter = next(t for t in TOOLS if t.name == "Jupyter")
>>> jupyter.kind, "library" in jupyter.kind
('interactive notebook environment', False)
>>> KIND_KO[jupyter.kind]
'대화형 노트북 환경'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KIND_KO", "TOOLS", "Tool", "as_of"]

#: The year the facts below were last checked.
as_of = "2026"


@dataclass(frozen=True)
class Tool:
    """One row of the tools table.

    Attributes
    ----------
    name : str
        The tool's name as its project writes it.
    kind : str
        What sort of thing it is, in English (a key of :data:`KIND_KO`).
    language : str
        Programming languages it is used from (for a GUI application: written in).
    licence : str
        SPDX identifier for open-source licences, otherwise a short description.
    maintained : bool
        Whether the project is still actively developed (as of :data:`as_of`).
    first_release : int
        Year of the first public release.
    strengths_en, strengths_ko : str
        What it is good at and what sets it apart, in English and Korean.
    typical_use_en, typical_use_ko : str
        What people use it for, in English and Korean.
    url_text : str
        The project's web address as plain text (no scheme; not a link to fetch).
    """

    name: str
    kind: str
    language: str
    licence: str
    maintained: bool
    first_release: int
    strengths_en: str
    strengths_ko: str
    typical_use_en: str
    typical_use_ko: str
    url_text: str


#: Korean for each ``Tool.kind``.
KIND_KO = {
    "deep-learning framework": "딥러닝 프레임워크",
    "high-level deep-learning API": "고수준 딥러닝 API",
    "machine-learning library": "머신러닝 라이브러리",
    "interactive notebook environment": "대화형 노트북 환경",
    "commercial machine-learning application (GUI)": "상용 머신러닝 소프트웨어(GUI)",
}

TOOLS: tuple[Tool, ...] = (
    Tool(
        name="Torch",
        kind="deep-learning framework",
        language="Lua (LuaJIT), C",
        licence="BSD-3-Clause",
        # The repository states "Torch is not in active development"; last work around 2017-18.
        maintained=False,
        # Torch began at Idiap in 2002; Torch7, the Lua version people mean today, in 2011.
        first_release=2002,
        strengths_en=(
            "A fast tensor library with a C/CUDA core driven from the light scripting language "
            "Lua; its nn package of composable modules shaped PyTorch's design. No longer "
            "developed since about 2018: its C core and its ideas carried over into PyTorch, "
            "its successor."
        ),
        strengths_ko=(
            "C/CUDA로 작성된 빠른 텐서 연산을 가벼운 스크립트 언어인 Lua로 다루는 구조였고, "
            "모듈을 조립해 신경망을 만드는 nn 패키지는 PyTorch 설계의 바탕이 되었습니다. 2018년 "
            "무렵부터 더 이상 개발되지 않으며, C 코어와 설계는 후속 프로젝트인 PyTorch로 "
            "이어졌습니다."
        ),
        typical_use_en=(
            "Historical: deep-learning research code of roughly 2011-2017 (Torch7), used at "
            "Facebook AI Research and DeepMind among others. New projects use PyTorch."
        ),
        typical_use_ko=(
            "지금은 역사적 의미가 큽니다. 2011~2017년 무렵 Facebook AI Research, DeepMind 등에서 "
            "작성된 딥러닝 연구 코드(Torch7)에 쓰였으며, 새 프로젝트에는 PyTorch를 씁니다."
        ),
        url_text="torch.ch",
    ),
    Tool(
        name="PyTorch",
        kind="deep-learning framework",
        language="Python, C++",
        licence="BSD-3-Clause",
        maintained=True,
        first_release=2016,
        strengths_en=(
            "Define-by-run: a model is ordinary Python code and autograd records the operations "
            "as they run, which makes debugging and dynamic models straightforward. GPU "
            "acceleration, a large ecosystem, and the most common framework in recent research. "
            "Created at Facebook (now Meta) AI Research; governed since 2022 by the PyTorch "
            "Foundation, part of the Linux Foundation."
        ),
        strengths_ko=(
            "실행하면서 계산 그래프를 만드는(define-by-run) 방식이라 모델이 평범한 파이썬 "
            "코드이고, 자동 미분(autograd)이 실행되는 연산을 그대로 기록하므로 디버깅과 동적인 "
            "모델 작성이 쉽습니다. GPU 가속과 넓은 생태계를 갖추었고 최근 연구에서 가장 널리 "
            "쓰입니다. Facebook(현 Meta) AI Research에서 만들었고, 2022년부터는 Linux Foundation "
            "산하의 PyTorch Foundation이 운영합니다."
        ),
        typical_use_en=(
            "Deep-learning research and production: vision, language models, generative models. "
            "The reference implementations in this guide are checked against it."
        ),
        typical_use_ko=(
            "컴퓨터 비전, 언어 모델, 생성 모델 등 딥러닝 연구와 서비스 개발 전반에 쓰입니다. 이 "
            "가이드의 참조 구현도 PyTorch와 결과를 비교해 검증합니다."
        ),
        url_text="pytorch.org",
    ),
    Tool(
        name="TensorFlow",
        kind="deep-learning framework",
        language="Python, C++",
        licence="Apache-2.0",
        maintained=True,
        first_release=2015,
        strengths_en=(
            "Developed by Google (Google Brain). Represents computation as dataflow graphs that "
            "can be optimised and deployed to servers, mobile and embedded devices (TensorFlow "
            "Lite, renamed LiteRT in 2024) and browsers (TensorFlow.js). Since TensorFlow 2.0 "
            "(2019) it runs eagerly by default and uses Keras as its high-level API."
        ),
        strengths_ko=(
            "Google(Google Brain)이 개발했습니다. 계산을 데이터 흐름 그래프로 표현해 최적화한 뒤 "
            "서버, 모바일·임베디드 기기(TensorFlow Lite, 2024년에 LiteRT로 이름 변경), "
            "브라우저(TensorFlow.js)에 배포할 수 있습니다. TensorFlow 2.0(2019) 이후로는 즉시 "
            "실행(eager execution)이 기본이며 고수준 API로 Keras를 씁니다."
        ),
        typical_use_en=(
            "Production machine-learning pipelines and serving, on-device inference, and models "
            "written with Keras."
        ),
        typical_use_ko=(
            "실제 서비스용 머신러닝 파이프라인과 모델 서빙, 기기 내 추론, Keras로 작성한 모델의 "
            "학습과 배포에 쓰입니다."
        ),
        url_text="tensorflow.org",
    ),
    Tool(
        name="Keras",
        kind="high-level deep-learning API",
        language="Python",
        licence="Apache-2.0",
        maintained=True,
        first_release=2015,
        strengths_en=(
            "A short, readable API for defining and training networks (Sequential and "
            "functional models, fit and evaluate), created by François Chollet. Keras 3 (2023) "
            "is multi-backend: the same model code runs on JAX, TensorFlow or PyTorch. Earlier "
            "versions also ran on Theano and CNTK (both discontinued), then on TensorFlow only."
        ),
        strengths_ko=(
            "신경망을 짧고 읽기 쉬운 코드로 정의하고 학습시키는 API입니다(Sequential·함수형 "
            "모델, fit과 evaluate). François Chollet가 만들었습니다. Keras 3(2023)은 멀티 "
            "백엔드를 지원해 같은 모델 코드를 JAX, TensorFlow, PyTorch 위에서 실행할 수 "
            "있습니다. 초기 버전은 Theano와 CNTK(둘 다 개발 종료)도 지원했고, 한동안은 "
            "TensorFlow 전용이었습니다."
        ),
        typical_use_en=(
            "Quick prototypes, teaching, and standard models in little code; moving a model "
            "between backends without rewriting it."
        ),
        typical_use_ko=(
            "빠른 프로토타입, 교육, 적은 코드로 만드는 표준적인 모델에 알맞고, 모델을 다시 쓰지 "
            "않고 백엔드를 바꿔 실행할 때 유용합니다."
        ),
        url_text="keras.io",
    ),
    Tool(
        name="scikit-learn",
        kind="machine-learning library",
        language="Python",
        licence="BSD-3-Clause",
        maintained=True,
        # Started as a Google Summer of Code project in 2007; first public release (0.1) 2010.
        first_release=2010,
        strengths_en=(
            "Classical machine learning behind one consistent estimator API (fit, predict, "
            "transform): linear models, support vector machines, decision trees and random "
            "forests, clustering, dimensionality reduction, preprocessing and model selection, "
            "built on NumPy and SciPy. Not a deep-learning framework: its MLPClassifier is a "
            "small neural network trained on the CPU."
        ),
        strengths_ko=(
            "일관된 추정기 API(fit, predict, transform)로 고전적인 머신러닝 알고리즘을 "
            "제공합니다. 선형 모델, 서포트 벡터 머신, 결정 트리와 랜덤 포레스트, 군집화, 차원 "
            "축소, 전처리, 모델 선택 등을 NumPy와 SciPy 위에 구현했습니다. 딥러닝 프레임워크는 "
            "아니며, MLPClassifier는 CPU에서 학습하는 작은 신경망입니다."
        ),
        typical_use_en=(
            "Tabular data, quick baselines, preprocessing, and evaluation (cross-validation, "
            "metrics) around any model."
        ),
        typical_use_ko=(
            "표 형식 데이터 분석, 빠른 기준 모델(baseline) 만들기, 전처리, 그리고 어떤 모델에든 "
            "쓸 수 있는 평가(교차 검증, 평가 지표)에 쓰입니다."
        ),
        url_text="scikit-learn.org",
    ),
    Tool(
        name="Jupyter",
        kind="interactive notebook environment",
        language="Python, R, Julia and more (via kernels)",
        licence="BSD-3-Clause",
        maintained=True,
        # Project Jupyter split from IPython in 2014; the IPython Notebook dates from 2011.
        first_release=2014,
        strengths_en=(
            "Notebooks that mix live code, its output (tables, plots), equations and prose in "
            "one document, run cell by cell in the browser. Not a machine-learning library: it "
            "is the environment in which libraries such as PyTorch or scikit-learn are run. "
            "Grew out of IPython; the name refers to Julia, Python and R."
        ),
        strengths_ko=(
            "실행 가능한 코드와 그 결과(표, 그래프), 수식, 설명 글을 한 문서에 담고 브라우저에서 "
            "셀 단위로 실행하는 노트북 환경입니다. 머신러닝 라이브러리가 아니라, PyTorch나 "
            "scikit-learn 같은 라이브러리를 실행하는 작업 환경입니다. IPython에서 갈라져 나왔고, "
            "이름은 Julia, Python, R에서 따왔습니다."
        ),
        typical_use_en=(
            "Exploring data, trying models step by step, teaching, and sharing analyses with "
            "their results (JupyterLab, Jupyter Notebook, and hosted services built on them)."
        ),
        typical_use_ko=(
            "데이터 탐색, 모델을 한 단계씩 시험해 보기, 교육, 결과가 포함된 분석 공유에 "
            "쓰입니다(JupyterLab, Jupyter Notebook과 이를 바탕으로 한 호스팅 서비스)."
        ),
        url_text="jupyter.org",
    ),
    Tool(
        name="Neural Designer",
        kind="commercial machine-learning application (GUI)",
        language="C++",
        licence="proprietary (commercial)",
        maintained=True,
        # Year from the product's public history (Wikipedia); the least certain fact here.
        first_release=2014,
        strengths_en=(
            "Builds, trains and tests neural networks through a graphical interface, without "
            "writing code, in a guided workflow from importing data to deploying the model. "
            "Made by Artelnics on top of its open-source C++ library OpenNN."
        ),
        strengths_ko=(
            "코드를 작성하지 않고 그래픽 인터페이스에서 신경망을 만들고 학습·검증하며, 데이터 "
            "불러오기부터 모델 배포까지 단계별로 안내합니다. Artelnics가 자사의 오픈소스 C++ "
            "라이브러리 OpenNN을 바탕으로 만들었습니다."
        ),
        typical_use_en=(
            "Predictive analytics on tabular data by engineers and analysts who do not program."
        ),
        typical_use_ko=(
            "프로그래밍을 하지 않는 엔지니어나 분석가가 표 형식 데이터로 예측 분석을 할 때 "
            "쓰입니다."
        ),
        url_text="neuraldesigner.com",
    ),
)
