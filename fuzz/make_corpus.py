#!/usr/bin/env python3
"""Make the seed corpora fuzz/corpus/{veto,json,bare}/ from examples/ and the
model files embedded in tests/lang/*.test and tests/hostile/ (small files
only). Files are named by the SHA-1 of their content, as libFuzzer names the
inputs it keeps, so re-running adds nothing twice.

    fuzz/make_corpus.py            (from the repository root or anywhere)
"""
import glob
import hashlib
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))


def kind(name, data):
    """The harness an input seeds: by extension, else by content."""
    if name.endswith(".json"):
        return "json"
    if name.endswith(".veto"):
        return "veto"
    if name.endswith(".txt") or name.endswith(".bare"):
        return "bare"
    s = data.lstrip()
    if s.startswith(b"{") or s.startswith(b"["):
        return "json"
    if s[:1].isdigit():
        return "bare"
    return "veto"


def add(out, name, data):
    k = kind(name, data)
    d = os.path.join(out, k)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def lang_files(path):
    """The '>>> FILE' blocks of a run_lang.py case file."""
    files, cur = [], None
    with open(path, encoding="utf-8", newline="") as f:
        for line in f.read().split("\n"):
            if line.startswith(">>> "):
                cur = [line[4:].strip(), []]
                files.append(cur)
            elif line.startswith(("=== ", "$ ", "<<< ")):
                cur = None
            elif cur is not None:
                cur[1].append(line)
    for name, lines in files:
        while lines and lines[-1] == "":
            lines.pop()
        yield name, ("\n".join(lines) + "\n").encode()


def main():
    out = os.path.join(ROOT, "fuzz", "corpus")
    n = 0
    for p in sorted(glob.glob(os.path.join(ROOT, "examples", "**", "*"),
                              recursive=True)):
        if os.path.isfile(p) and os.path.getsize(p) <= 65536 and \
                p.endswith((".veto", ".json", ".txt")):
            with open(p, "rb") as f:
                add(out, p, f.read())
            n += 1
    for t in sorted(glob.glob(os.path.join(ROOT, "tests", "lang", "*.test"))):
        for name, data in lang_files(t):
            if name != "-" or data.strip():
                add(out, name, data)
                n += 1
    for p in sorted(glob.glob(os.path.join(ROOT, "tests", "hostile", "*"))):
        base = os.path.basename(p)
        if base == "MANIFEST" or not os.path.isfile(p) or \
                os.path.getsize(p) > 65536:
            continue
        with open(p, "rb") as f:
            add(out, base, f.read())
        n += 1
    print(f"make_corpus: {n} seeds into {out}")


if __name__ == "__main__":
    main()
