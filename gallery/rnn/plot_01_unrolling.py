"""
Unrolling an RNN
================

A recurrent network reads a word one letter at a time. At every step the same cell combines
the new letter with the hidden state it carried from the previous step; drawn step by step,
the loop becomes a chain.
"""

# %%
# One cell, one word
# ------------------
#
# The cell is :class:`dlguide.rnn.RNNCell`, a vanilla RNN with six hidden units. Each letter
# enters as a one-hot vector over the letters of the word. The weights are torch's random
# initialisation: the point here is the flow of information, not what the network learned.
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from matplotlib import animation
from matplotlib.patches import FancyArrowPatch, Rectangle

from dlguide.plotting import setup_fonts, tr
from dlguide.rnn import RNN, RNNCell

torch.manual_seed(0)
setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

WORD = "recurrent"
HIDDEN_SIZE = 6
VOCAB = sorted(set(WORD))
CMAP = plt.get_cmap("RdBu_r")

cell = RNNCell(len(VOCAB), HIDDEN_SIZE)
x = F.one_hot(torch.tensor([VOCAB.index(ch) for ch in WORD]), len(VOCAB)).float()  # (T, D)

with torch.no_grad():
    h = torch.zeros(HIDDEN_SIZE)  # h_0
    states = [h]
    for x_t in x:
        # h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
        h = cell(x_t, h)
        states.append(h)
H = torch.stack(states).numpy()  # (T+1, H): h_0 .. h_T
print(f"{len(WORD)} steps, hidden states of shape {tuple(H.shape)}")

# %%
# The layer is the cell in a loop
# -------------------------------
#
# :class:`dlguide.rnn.RNN` runs the same loop over the whole sequence. Given the cell's
# weights, it returns every hidden state at once, and they match the ones computed above.
layer = RNN(len(VOCAB), HIDDEN_SIZE)
layer.load_state_dict({f"{k}_l0": v for k, v in cell.state_dict().items()})
with torch.no_grad():
    output, h_n = layer(x)  # (T, H), (1, H)
print("same hidden states:", torch.allclose(output, torch.from_numpy(H[1:])))

# %%
# Watch it unroll
# ---------------
#
# Each column is one time step. The letter ``x_t`` enters from above, the previous hidden
# state ``h_{t-1}`` from the left, and the cell writes the new state ``h_t`` (blue negative,
# red positive). The same weights are used at every step.
T = len(WORD)
INPUT_LABEL = tr("input xₜ", "입력 xₜ")
HIDDEN_LABEL = tr("hidden state hₜ", "은닉 상태 hₜ")
CELL = 0.32  # height of one hidden unit in the drawing
# The frames fill the text column (688 CSS px) at twice its pixel density: 6.88 in at 200 dpi
# is 1376 pixels, so 1 pt of text shows as 1.39 CSS px (10 pt = 14 px). At that density, text
# without anti-aliasing still looks smooth and halves the bytes of each PNG frame.
plt.rcParams["text.antialiased"] = False
fig, ax = plt.subplots(figsize=(6.88, 3.4), dpi=200, layout="constrained")
ax.set_xlim(-0.9, T + 0.4)
ax.set_ylim(-0.6, 3.35)
ax.set_axis_off()
ax.text(0, 3.0, INPUT_LABEL, ha="center", va="center", fontsize=11)
ax.text(
    -0.45,
    0.35 + HIDDEN_SIZE * CELL / 2,
    HIDDEN_LABEL,
    ha="center",
    va="center",
    rotation=90,
    fontsize=11,
)
title = ax.set_title("", fontsize=12)
ax.text(
    T / 2,
    -0.4,
    r"$h_t = \tanh(W_{ih}\,x_t + b_{ih} + W_{hh}\,h_{t-1} + b_{hh})$",
    ha="center",
    va="center",
    fontsize=12,
)

letter_boxes, unit_squares, in_arrows, rec_arrows = [], [], [], []
for t in range(T + 1):
    squares = []
    for k in range(HIDDEN_SIZE):
        sq = Rectangle(
            (t - 0.22, 0.35 + k * CELL),
            0.44,
            CELL,
            facecolor="0.93",
            edgecolor="0.6",
            linewidth=0.8,
        )
        ax.add_patch(sq)
        squares.append(sq)
    unit_squares.append(squares)
    ax.text(t, 0.12, f"$h_{{{t}}}$", ha="center", va="center", fontsize=12)
    if t == 0:
        continue
    box = ax.text(
        t,
        3.0,
        WORD[t - 1],
        ha="center",
        va="center",
        fontsize=15,
        family="monospace",
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "0.95", "edgecolor": "0.6"},
    )
    letter_boxes.append(box)
    top = 0.35 + HIDDEN_SIZE * CELL
    arrow_in = FancyArrowPatch(
        (t, 2.76), (t, top + 0.02), arrowstyle="-|>", mutation_scale=10, color="0.75"
    )
    arrow_rec = FancyArrowPatch(
        (t - 0.76, 0.35 + top / 2),
        (t - 0.26, 0.35 + top / 2),
        arrowstyle="-|>",
        mutation_scale=10,
        color="0.75",
    )
    ax.add_patch(arrow_in)
    ax.add_patch(arrow_rec)
    in_arrows.append(arrow_in)
    rec_arrows.append(arrow_rec)


def paint(t, color):
    for k, sq in enumerate(unit_squares[t]):
        sq.set_facecolor(CMAP(0.5 + 0.5 * H[t, HIDDEN_SIZE - 1 - k]))
        sq.set_edgecolor(color)


# Mathtext has no Hangul, so labels mixed with Korean use Unicode subscripts.
h_last = "h" + str(T).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
FRAMES = T + 3  # h_0, one frame per letter, then a short pause on the finished chain


def update(frame):
    step = min(frame, T)
    for t in range(T + 1):
        if t <= step:
            paint(t, "0.3")
        else:
            for sq in unit_squares[t]:
                sq.set_facecolor("0.93")
                sq.set_edgecolor("0.75")
    for t in range(1, T + 1):
        active = t == step and frame <= T
        seen = t <= step
        color = "C1" if active else ("0.35" if seen else "0.8")
        in_arrows[t - 1].set_color(color)
        rec_arrows[t - 1].set_color(color)
        letter_boxes[t - 1].get_bbox_patch().set_edgecolor(color)
        letter_boxes[t - 1].set_alpha(1.0 if seen else 0.35)
    if step == 0:
        title.set_text(
            tr("t = 0: the hidden state starts at zero", "t = 0: 은닉 상태는 0에서 시작한다")
        )
    elif frame <= T:
        paint(step, "C1")
        title.set_text(
            tr(
                f"t = {step}: read '{WORD[step - 1]}', update the hidden state",
                f"t = {step}: 입력 '{WORD[step - 1]}', 은닉 상태 갱신",
            )
        )
    else:
        title.set_text(
            tr(
                f"{h_last} summarises the whole word '{WORD}'",
                f"{h_last}에 단어 '{WORD}' 전체가 요약된다",
            )
        )
    return []


update(0)
fig.canvas.draw()  # lay the figure out once and keep that layout for every frame:
fig.set_layout_engine("none")  # drawing the frames is faster and nothing jitters
anim = animation.FuncAnimation(fig, update, frames=FRAMES, interval=700, blit=False)

# %%
# Does the first letter still matter at the end?
# -----------------------------------------------
#
# The last hidden state depends on every letter, because information travels along the
# chain of hidden states. Change the first letter and ``h_T`` changes, but by much less than
# when the last letter changes: the influence of early inputs fades step by step. How fast it
# fades, and how an LSTM keeps it alive, is the subject of the next example.


def last_state(word):
    ids = torch.tensor([VOCAB.index(ch) for ch in word])
    with torch.no_grad():
        return layer(F.one_hot(ids, len(VOCAB)).float())[1][0]  # h_T, (H,)


h_T = last_state(WORD)
first = (last_state("c" + WORD[1:]) - h_T).norm().item()
last = (last_state(WORD[:-1] + "c") - h_T).norm().item()
print(f"change the first letter: |delta h_T| = {first:.4f}")
print(f"change the last letter:  |delta h_T| = {last:.4f}")

plt.show()
