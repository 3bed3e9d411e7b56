"""Build a corpus of N MB of distinct documents from the seeds: laid-out newspaper pages, or small articles.

Each page takes the cleaned paragraphs of a seed, shuffles the body paragraphs inside each section and
the order of the sections after the first, and lays them out again with a random column width,
justification, padding, blank lines and line endings (``tests/pagegen.py``), so every file has its
own content hash while the text stays real bulletin prose with real indicators.

A ``small`` corpus cuts the same prose into ≈ 7 kB articles, one paragraph per line (what a real inbox of web
articles and short releases looks like: thousands of files).

``uv run python bench/corpus.py OUT_DIR --mb 30 [--shape pages|small]``
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import pagegen
from transforms import clean

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _sections(text: str) -> list[list[clean.Paragraph]]:
    """Paragraphs grouped into sections, each opened by a heading (or the page's first paragraph)."""
    sections: list[list[clean.Paragraph]] = []
    for p in clean.paragraphs(text):
        if not sections or (p.role == "heading" and sections[-1][-1].role != "heading"):
            sections.append([])
        sections[-1].append(p)
    return sections


def page(sections: list[list[clean.Paragraph]], rng: random.Random) -> str:
    """One laid-out page: sections after the first shuffled, body paragraphs shuffled within a section."""
    st = pagegen.style(rng)
    order = [sections[0], *rng.sample(sections[1:], len(sections) - 1)]
    lines: list[str] = []
    for sec in order:
        head = [p for p in sec if p.role != "text"]
        body = [p for p in sec if p.role == "text"]
        rng.shuffle(body)
        for p in head:
            lines.append(p.text)
        for p in body:
            wrapped = pagegen.wrap(p.text, st.width, indent=st.indent)
            lines.extend(pagegen._render(ln, st, rng, full=i < len(wrapped) - 1) for i, ln in enumerate(wrapped))
    sep = "\r\n" if st.crlf else "\n"
    if st.blank_every_line:
        sep *= 2
    return sep.join(lines) + sep


SMALL_BYTES = (5_000, 9_000)  # a web article or a short release: what a real inbox holds most of


def small(sections: list[list[clean.Paragraph]], rng: random.Random) -> str:
    """One short document (≈ 7 kB): a headline and a few body paragraphs of one section, one per line,
    as a web page or a short release reads once extracted."""
    sec = rng.choice(sections)
    head = next((p.text for p in sec if p.role != "text"), sections[0][0].text)
    body = [p.text for s in sections for p in s if p.role == "text"]
    rng.shuffle(body)
    want, lines, size = rng.randint(*SMALL_BYTES), [head], len(head.encode())
    for para in body:
        if size >= want:
            break
        lines.append(para)
        size += len(para.encode()) + 1
    return "\n".join(lines) + "\n"


SHAPES = {"pages": page, "small": small}


def build(out: Path, *, mb: float, seed: int = 0, shape: str = "pages") -> tuple[int, int]:
    """Write documents of ``shape`` (``pages``: laid-out newspaper pages of ≈ 60 kB; ``small``: ≈ 7 kB
    articles) into ``out`` until they hold ``mb`` megabytes (10**6 bytes); (files, bytes)."""
    out.mkdir(parents=True, exist_ok=True)
    seeds = [_sections(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    rng = random.Random(seed)
    make = SHAPES[shape]
    target, total, n = int(mb * 1_000_000), 0, 0
    while total < target:
        data = make(seeds[n % len(seeds)], rng).encode("utf-8")
        (out / f"{shape}_{n:06d}.txt").write_bytes(data)
        total += len(data)
        n += 1
    return n, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--mb", type=float, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--shape", choices=sorted(SHAPES), default="pages")
    args = ap.parse_args()
    n, total = build(args.out, mb=args.mb, seed=args.seed, shape=args.shape)
    print(f"{n} pages, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
