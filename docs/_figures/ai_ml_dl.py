"""Diagrams of the page "AI, machine learning and deep learning"."""

from __future__ import annotations

from matplotlib.figure import Figure

from dlguide.plotting import setup_fonts, tr

from . import style

__all__ = ["nested_fields"]


def nested_fields() -> Figure:
    """AI contains machine learning, which contains deep learning, each with an example."""
    setup_fonts()
    width, height = 6.4, 3.45
    fig, ax = style.canvas(width, height)
    regions = [
        (
            "neutral",
            tr("Artificial intelligence (AI)", "인공지능(AI)"),
            tr(
                "Systems that do tasks needing intelligence, by rules and search",
                "지능이 필요한 일을 해내는 시스템. 규칙과 탐색으로도 만든다",
            ),
            tr(
                "e.g. Deep Blue's chess search, the MYCIN expert system",
                "예: Deep Blue의 체스 탐색, 전문가 시스템 MYCIN",
            ),
        ),
        (
            "data",
            tr("Machine learning (ML)", "머신러닝(ML)"),
            tr(
                "Behaviour fitted to data instead of written as rules",
                "규칙을 적는 대신 데이터에 맞춰 동작을 정한다",
            ),
            tr(
                "e.g. linear models, decision trees, SVM",
                "예: 선형 모델, 결정 트리, SVM",
            ),
        ),
        (
            "hidden",
            tr("Deep learning (DL)", "딥러닝(DL)"),
            tr(
                "Neural networks of many layers, which learn the features too",
                "여러 층의 신경망이 특징까지 스스로 학습한다",
            ),
            tr("e.g. CNN, RNN / LSTM, GAN", "예: CNN, RNN / LSTM, GAN"),
        ),
    ]
    margin, inset, band = 0.06, 0.26, 0.98  # outer gap, gap between regions, text band height
    for depth, (role, name, what, example) in enumerate(regions):
        x0 = margin + depth * inset
        y0 = margin + depth * 0.14
        x1 = width - margin - depth * inset
        y1 = height - margin - depth * band
        style.box(ax, ((x0 + x1) / 2, (y0 + y1) / 2), x1 - x0, y1 - y0, role=role, lw=1.6)
        left, top = x0 + 0.18, y1 - 0.2
        palette = style.colors(role)
        style.label(
            ax,
            (left, top),
            name,
            size=style.TITLE_SIZE,
            weight="bold",
            ha="left",
            color=palette.edge,
            zorder=4,
        )
        style.label(ax, (left, top - 0.3), what, ha="left", zorder=4)
        style.label(ax, (left, top - 0.56), example, ha="left", color=palette.edge, zorder=4)
    return fig
