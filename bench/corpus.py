"""Build a corpus of N MB of distinct laid-out newspaper pages from the seeds.

Each page takes the cleaned paragraphs of a seed, shuffles the body paragraphs inside each section and
the order of the sections after the first, and lays them out again with a random column width,
justification, padding, blank lines and line endings (``tests/pagegen.py``), so every file has its
own content hash while the text stays real bulletin prose with real indicators.

``uv run python bench/corpus.py OUT_DIR --mb 30``
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


def build(out: Path, *, mb: float, seed: int = 0) -> tuple[int, int]:
    """Write pages into ``out`` until they hold ``mb`` megabytes (10**6 bytes); (files, bytes)."""
    out.mkdir(parents=True, exist_ok=True)
    seeds = [_sections(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    rng = random.Random(seed)
    target, total, n = int(mb * 1_000_000), 0, 0
    while total < target:
        data = page(seeds[n % len(seeds)], rng).encode("utf-8")
        (out / f"page_{n:06d}.txt").write_bytes(data)
        total += len(data)
        n += 1
    return n, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--mb", type=float, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    n, total = build(args.out, mb=args.mb, seed=args.seed)
    print(f"{n} pages, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
