#!/usr/bin/python3
"""Validate the JSON of every command on every example against the veto/1
schema (docs/schema/veto-1.schema.json), with Debian's python3-jsonschema.

    check_schema.py VETO SOURCE_ROOT

For each model in examples/: the full report, power, explain (its first
player, and under its first scenario when it has one), a belief sweep, a
bloc sweep where the model has blocs, a quota sweep, design (removing its first veto player), each also with
--exact for the first few models; Monte Carlo for a few; compare of all
models; the full report of two files. Each document must validate, and a
few facts the schema cannot say are checked by hand: counts are strings
everywhere, compare and the full report give "models" whatever the number
of files.
"""
import json
import os
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("check_schema: python3-jsonschema is missing (apt-get install "
          "python3-jsonschema; 'make deps' does it)", file=sys.stderr)
    sys.exit(1)


def main():
    veto, root = sys.argv[1], sys.argv[2]
    with open(os.path.join(root, "docs/schema/veto-1.schema.json")) as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    exdir = os.path.join(root, "examples")
    files = sorted(os.path.join("examples", n) for n in os.listdir(exdir)
                   if n.endswith((".veto", ".txt", ".json"))
                   and n != "README.md")
    failures = []
    checked = 0

    def run(args, must=True):
        nonlocal checked
        p = subprocess.run([veto] + args + ["--format", "json", "-q"],
                           cwd=root, capture_output=True, text=True,
                           timeout=300)
        if p.returncode != 0:
            if must:
                failures.append("%s: exit %d: %s" % (" ".join(args),
                                                     p.returncode,
                                                     p.stderr.strip()[:300]))
            return None
        try:
            doc = json.loads(p.stdout)
        except ValueError as e:
            failures.append("%s: not JSON: %s" % (" ".join(args), e))
            return None
        errs = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errs[:3]:
            failures.append("%s: %s at %s" % (" ".join(args), e.message[:200],
                                              "/".join(map(str, e.path))))
        checked += 1
        return doc

    ternary = set()
    for k, f in enumerate(files):
        extra = [[]] if k >= 3 else [[], ["--exact"]]
        for x in extra:
            rep = run([f] + x)
            if rep is None:
                continue
            if "models" not in rep or len(rep["models"]) != 1:
                failures.append("%s: the full report of one file must give "
                                "models: [one object]" % f)
                continue
            m = rep["models"][0]
            raw = m["indices"]["banzhaf_raw"]
            if raw is not None and not all(isinstance(v, str) for v in raw):
                failures.append("%s: banzhaf_raw must be strings" % f)
            pw = run(["power", f] + x)
            if pw is not None and pw["indices"]["banzhaf_raw"] != raw:
                failures.append("%s: power and the report differ in "
                                "banzhaf_raw" % f)
            if k < 6 and "votes" not in m:
                # every catalogue name in veto power --index, written
                # under its long key (issue 12); the catalogue is for
                # yes/no models (a three-valued one is refused)
                px = run(["power", f, "--index", "PHT,rsh,W,csi,owen"] + x)
                if px is not None:
                    for key in ("public_help_theta", "shapley_shubik_raw",
                                "winning_coalitions", "coleman_shapley",
                                "owen"):
                        if key not in px["indices"]:
                            failures.append("%s: power --index: no %s" %
                                            (f, key))
            first = m["players"][0]
            tern = "votes" in m
            if tern:
                # three-valued (issue 10): explain, sweep and design take
                # them; veto indices (a catalogue of yes/no notions) does not
                ternary.add(f)
            run(["explain", f, first] + x)
            scen = (m["beliefs"] or {}).get("scenarios") or []
            if scen:
                run(["explain", f, first, "--scenario", scen[0]["name"]] + x)
            if tern:
                run(["sweep", f, "--belief", first + "=abstain:0:0:3"] + x)
                run(["sweep", f, "--belief", first + "=yes:0:0:2"] + x)
            else:
                # A belief sweep refuses blocs (issue 11: not done yet).
                sets = [(m["beliefs"] or {}).get("default") or {}] + scen
                blocs = any(b.get("blocs") for b in sets)
                run(["sweep", f, "--belief", first + "=0:1:3"] + x,
                    must=not blocs)
                # A bloc sweep (issue 11) of the first bloc the defaults
                # have (blocs_independent names them).
                bi = sets[0].get("blocs_independent") or []
                if bi:
                    run(["sweep", f, "--bloc", bi[0]["bloc"] + "=a:1:2:2"] +
                        x)
            # Threshold 1 at its own value is always a valid sweep, when
            # the rule has a threshold at all.
            run(["sweep", f, "--quota", "1=1:1"] + x, must=False)
            if tern:
                vp = m["veto_players"] or []
                run(["design", f, "--remove-veto", vp[0] if vp else first,
                     "--top", "1", "--timeout", "60"] + x, must=False)
                continue
            ind = run(["indices", f] + x)
            if ind is not None and ind["indices"].get("banzhaf_raw", raw) != raw:
                failures.append("%s: indices and the report differ in "
                                "banzhaf_raw" % f)
            if len(m["players"]) >= 2:
                run(["indices", f, "--precoalitions", "1+2"] + x)
            vp = m["veto_players"] or []
            run(["design", f, "--remove-veto", vp[0] if vp else first,
                 "--top", "1", "--timeout", "60"] + x, must=False)
    for f in [f for f in files if f not in ternary][:4]:
        run([f, "--method", "mc", "--samples", "2000", "--seed", "1"])
        run(["power", f, "--method", "mc", "--samples", "2000"])
    run(["indices"])
    comp = run(["compare"] + files[:2])
    if comp is not None and len(comp["models"]) != 2:
        failures.append("compare of two files must give two models")
    run(["compare"] + files)
    run(files[:2])
    for msg in failures:
        print("FAIL " + msg)
    print("schema: %d documents checked, %d problems" % (checked,
                                                         len(failures)))
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
