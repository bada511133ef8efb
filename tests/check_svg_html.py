#!/usr/bin/env python3
"""Check that every SVG and HTML output of veto is valid.

    check_svg_html.py VETO SOURCE_ROOT

Runs veto with --format svg and --format html on inline models (and on
every model in SOURCE_ROOT/examples/ that analyses without error), then:
  - parses every SVG document with xml.etree.ElementTree (a real XML
    parser: one unclosed tag or bad escape fails) and checks that it has a
    title, axis labels (text) and at least one mark;
  - parses every HTML page with `xmllint --html --noout` (Debian package
    libxml2-utils). libxml2's HTML parser predates inline SVG and reports
    each SVG element as "Tag svg invalid"; those reports, and only those,
    are accepted. Every page must also be well-formed XML (ElementTree), so
    that the inline SVG is checked as strictly as the standalone files.
The checker first proves that it rejects broken documents, so that it cannot
pass vacuously. Exit status 0 when all is valid, 1 otherwise.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SVG_NS = "{http://www.w3.org/2000/svg}"
SVG_TAGS = {"svg", "g", "rect", "line", "polyline", "circle", "text", "title",
            "path", "tspan"}

DRAFT = """title "Draft treaty of 15 April 2022 (Russia's text)"
source "Draft treaty, 15 April 2022 <art. 5> & Russia's clause"
players {
  UK China Russia USA France [guarantors]
}
pass when all(guarantors)
scenario "Russia is the attacker" { Russia = 0 }
"""
ISTANBUL = """title "Istanbul communique, 29 March 2022"
players {
  UK China Russia USA France Turkey Germany Canada Italy Poland Israel [guarantors]
}
pass when any(guarantors)
scenario "Russia is the attacker" { Russia = 0 }
"""
UNSC = """title "UN Security Council"
players {
  China France Russia UK USA [permanent]
  E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 [elected]
}
pass when all(permanent) and count >= 9
scenario "Russia is the attacker" { Russia = 0 }
scenario "China sides with Russia" { Russia = 0 China = 0 }
"""
STATES = ("Alabama Alaska Arizona Arkansas California Colorado Connecticut "
          "Delaware DC Florida Georgia Hawaii Idaho Illinois Indiana Iowa "
          "Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan "
          "Minnesota Mississippi Missouri Montana Nebraska Nevada "
          "New_Hampshire New_Jersey New_Mexico New_York North_Carolina "
          "North_Dakota Ohio Oklahoma Oregon Pennsylvania Rhode_Island "
          "South_Carolina South_Dakota Tennessee Texas Utah Vermont Virginia "
          "Washington West_Virginia Wisconsin Wyoming").split()
VOTES = [9, 3, 11, 6, 55, 9, 7, 3, 3, 29, 16, 4, 4, 20, 11, 6, 6, 8, 8, 4, 10,
         11, 16, 10, 6, 10, 3, 5, 6, 4, 14, 5, 29, 15, 3, 18, 7, 7, 20, 4, 9,
         3, 11, 38, 6, 3, 13, 12, 5, 10, 3]
COLLEGE = "270\n" + " ".join(f"{s}:{v}" for s, v in zip(STATES, VOTES)) + "\n"


def check_svg_text(text):
    """Raise ValueError unless text is a valid SVG chart."""
    root = ET.fromstring(text.encode("utf-8"))
    check_svg_tree(root)


def check_svg_tree(root):
    if root.tag != SVG_NS + "svg":
        raise ValueError(f"root element is {root.tag}, not svg")
    titles = [e for e in root.iter(SVG_NS + "title") if (e.text or "").strip()]
    texts = [e for e in root.iter(SVG_NS + "text") if (e.text or "").strip()]
    marks = (list(root.iter(SVG_NS + "rect")) +
             list(root.iter(SVG_NS + "polyline")))
    if not titles:
        raise ValueError("no title")
    if len(texts) < 3:
        raise ValueError("no axis labels")
    if not marks:
        raise ValueError("nothing drawn")


def check_html_text(text, path):
    """Raise ValueError unless the page is valid HTML with valid SVG."""
    p = subprocess.run(["xmllint", "--html", "--noout", path],
                       capture_output=True, text=True)
    bad = []
    for line in p.stderr.splitlines():
        m = re.search(r"HTML parser error : Tag (\w+) invalid", line)
        if m and m.group(1) in SVG_TAGS:
            continue
        if "HTML parser error" in line or "parser error" in line:
            bad.append(line)
    if p.returncode != 0 or bad:
        raise ValueError("xmllint: " + "; ".join(bad or [p.stderr.strip()]))
    root = ET.fromstring(text.encode("utf-8"))
    if root.tag != "html":
        raise ValueError("root element is not html")
    svgs = list(root.iter(SVG_NS + "svg"))
    for s in svgs:
        if s in [c for x in svgs for c in x if c.tag == SVG_NS + "svg"]:
            continue
        check_svg_tree(s)
    if "<script" in text or "http://" in text.replace(
            "http://www.w3.org/2000/svg", ""):
        raise ValueError("the page is not self-contained")


def self_test(tmp):
    """The checks must reject broken documents."""
    broken_svg = ['<svg xmlns="http://www.w3.org/2000/svg"><title>t</title>'
                  '<text>a</text><text>b</text><text>c</text><rect/>',
                  '<svg xmlns="http://www.w3.org/2000/svg"><title>a & b'
                  '</title></svg>',
                  '<svg xmlns="http://www.w3.org/2000/svg"></svg>']
    for b in broken_svg:
        try:
            check_svg_text(b)
        except (ValueError, ET.ParseError):
            continue
        raise SystemExit(f"self-test: accepted a broken SVG: {b!r}")
    broken_html = ['<!DOCTYPE html>\n<html><head><title>x</title></head>'
                   '<body><p>a</b></body></html>\n',
                   '<!DOCTYPE html>\n<html><body><table><tr><td>1</td>'
                   '</table></body></html>\n']
    for k, b in enumerate(broken_html):
        path = os.path.join(tmp, f"broken{k}.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(b)
        try:
            check_html_text(b, path)
        except (ValueError, ET.ParseError):
            continue
        raise SystemExit(f"self-test: accepted a broken HTML page: {b!r}")


def demo_files(root):
    """The models of `make demo` (DEMO_FILES in the Makefile)."""
    with open(os.path.join(root, "Makefile"), encoding="utf-8") as f:
        mk = f.read()
    m = re.search(r"^DEMO_FILES\s*:=((?:.*\\\n)*.*)$", mk, re.M)
    return m.group(1).replace("\\\n", " ").split() if m else []


def check_compare_chart(veto, root):
    """Issue 13, item 7: the comparison of the guarantee models fits
    1,200 px, gives every model its own colour, draws and labels zeros, and
    its tooltips say what the table says. Returns a list of problems."""
    files = demo_files(root)
    if len(files) < 10:
        return ["DEMO_FILES not found in the Makefile"]
    problems = []
    p = subprocess.run([veto, "compare"] + files + ["--format", "svg", "-q"],
                       cwd=root, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        return ["compare --format svg: exit %d" % p.returncode]
    svg = ET.fromstring(p.stdout)
    for el in svg.iter(SVG_NS + "svg"):
        if float(el.get("width", "0")) > 1200:
            problems.append("an <svg> is %s px wide" % el.get("width"))
    # Panel titles are bold texts coloured as the panel's bars.
    colours = [t.get("fill") for t in svg.iter(SVG_NS + "text")
               if t.get("font-weight") == "bold" and t.get("fill")]
    per_chart = len(files)
    if len(colours) != 2 * per_chart:
        problems.append("%d panel titles, want %d" % (len(colours),
                                                      2 * per_chart))
    if len(set(colours[:per_chart])) != per_chart:
        problems.append("colours repeat: %s" % colours[:per_chart])
    tips = [t.text or "" for r in svg.iter(SVG_NS + "rect")
            for t in r.findall(SVG_NS + "title")]
    zero_bars = [r for r in svg.iter(SVG_NS + "rect")
                 if any((t.text or "").endswith(": 0")
                        for t in r.findall(SVG_NS + "title"))]
    if not zero_bars or any(float(r.get("height")) <= 0 for r in zero_bars):
        problems.append("a value of 0 must be drawn as a visible bar")
    zero_labels = [t for t in svg.iter(SVG_NS + "text") if t.text == "0"
                   and t.get("font-size") == "9"]
    if len(zero_labels) < len(zero_bars):
        problems.append("%d zero bars but %d '0' labels"
                        % (len(zero_bars), len(zero_labels)))
    # Every P(act) cell of the text table appears as a tooltip's value.
    t = subprocess.run([veto, "compare"] + files + ["-q"], cwd=root,
                       capture_output=True, text=True, timeout=600).stdout
    values = {tip.rsplit(": ", 1)[-1] for tip in tips}
    lines = t.split("\n\n")[0].splitlines()[1:]
    for line in lines:
        for cell in re.split(r"\s{2,}", line.strip())[3:]:
            if cell != "-" and cell not in values:
                problems.append("table cell %r is in no tooltip" % cell)
    if "1-2.33e-10" not in values:
        problems.append("the tooltips round 1-2.33e-10 away")
    h = subprocess.run([veto, "compare"] + files + ["--format", "html", "-q"],
                       cwd=root, capture_output=True, text=True,
                       timeout=600).stdout
    if ".chart svg{max-width:100%" not in h:
        problems.append("the HTML page does not scale charts to the page")
    return problems


def main():
    veto, root = sys.argv[1], sys.argv[2]
    if shutil.which("xmllint") is None:
        print("xmllint not found: install libxml2-utils")
        return 1
    failures = checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        self_test(tmp)
        models = {"draft.veto": DRAFT, "istanbul.veto": ISTANBUL,
                  "unsc.veto": UNSC, "college.txt": COLLEGE}
        for name, text in models.items():
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
        runs = []
        for name in models:
            runs.append(([name], "svg"))
            runs.append(([name], "html"))
            runs.append((["power", name], "svg"))
        three = ["draft.veto", "istanbul.veto", "unsc.veto"]
        runs += [(["compare"] + three, "svg"), (["compare"] + three, "html"),
                 (["draft.veto", "unsc.veto"], "svg"),
                 (["draft.veto", "unsc.veto"], "html"),
                 (["sweep", "unsc.veto", "--belief", "Russia=0:1:11"], "svg"),
                 (["sweep", "unsc.veto", "--belief", "Russia=0:1:11"], "html"),
                 (["sweep", "unsc.veto", "--quota", "3=1:15"], "svg"),
                 (["sweep", "college.txt", "--belief", "Texas=0:1"], "svg"),
                 (["sweep", os.path.join(root, "examples",
                                         "un-security-council-blocs.veto"),
                   "--bloc", "West=a:1:4:4"], "svg"),
                 (["sweep", os.path.join(root, "examples",
                                         "un-security-council-blocs.veto"),
                   "--bloc", "East=b:1:3:3"], "html"),
                 (["design", "draft.veto", "--remove-veto", "Russia"], "html"),
                 (["design", "unsc.veto", "--remove-veto", "Russia"], "html")]
        ex = os.path.join(root, "examples")
        if os.path.isdir(ex):
            for name in sorted(os.listdir(ex)):
                if name.endswith(".veto"):
                    path = os.path.join(ex, name)
                    runs.append(([path, "--timeout", "60"], "svg"))
                    runs.append(([path, "--timeout", "60"], "html"))
        for k, (args, fmt) in enumerate(runs):
            out = os.path.join(tmp, f"out{k}.{fmt}")
            cmd = [veto] + args + ["--format", fmt, "-o", out, "-q"]
            what = " ".join(["veto"] + args + ["--format", fmt])
            try:
                p = subprocess.run(cmd, cwd=tmp, capture_output=True,
                                   text=True, timeout=300)
            except subprocess.TimeoutExpired:
                # an example that cannot be drawn in time is a failure,
                # never a skip counted neither way
                print(f"FAIL {what}: no answer within 300 s")
                failures += 1
                continue
            if p.returncode != 0:
                print(f"FAIL {what}: exit {p.returncode}: {p.stderr.strip()}")
                failures += 1
                continue
            with open(out, encoding="utf-8") as f:
                text = f.read()
            try:
                if fmt == "svg":
                    check_svg_text(text)
                else:
                    check_html_text(text, out)
                checked += 1
            except (ValueError, ET.ParseError) as e:
                print(f"FAIL {what}: {e}")
                failures += 1
    for problem in check_compare_chart(veto, root):
        print(f"FAIL compare chart: {problem}")
        failures += 1
    print(f"svg-html: {checked} documents valid, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
