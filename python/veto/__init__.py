"""veto: power indices, veto players and the probability that a body acts,
over libveto (the C library of the veto command) through cffi.

    >>> import veto
    >>> m = veto.load("examples/un-security-council.veto")
    >>> r = m.analyse(exact=True)
    >>> r.indices["shapley_shubik"][0]
    Fraction(421, 2145)

Every number comes from libveto, through the same JSON writer as
``veto FILE --format json`` (the veto/1 contract, docs/schema): nothing is
computed twice. Analyses run in a worker thread with the GIL released;
Ctrl-C cancels them through the library's progress callback.
"""
import json
import numbers
import threading
import time
from fractions import Fraction

from ._veto import ffi, lib

__all__ = ["load", "loads", "game", "Model", "Result", "explain", "sweep",
           "design", "compare", "VetoError", "ModelError", "LimitError",
           "MethodError", "INDICES", "__version__"]

__version__ = "0.1.0"

# The JSON keys of the indices, in the order of veto_index.
INDICES = ("banzhaf_raw", "banzhaf", "banzhaf_absolute", "shapley_shubik",
           "holler_raw", "holler", "deegan_packel", "johnston",
           "coleman_prevent", "coleman_initiate")
# The command's --index names.
_SHORT = {"bz": ("banzhaf_raw", "banzhaf"), "abz": ("banzhaf_absolute",),
          "ssi": ("shapley_shubik",), "pgi": ("holler_raw", "holler"),
          "dpi": ("deegan_packel",), "jo": ("johnston",),
          "cp": ("coleman_prevent",), "ci": ("coleman_initiate",),
          "all": INDICES}
_COUNTS = ("banzhaf_raw", "holler_raw")
_METHODS = {"auto": lib.VETO_METHOD_AUTO, "dp": lib.VETO_METHOD_DP,
            "bdd": lib.VETO_METHOD_BDD, "enum": lib.VETO_METHOD_ENUM,
            "mc": lib.VETO_METHOD_MC}
_FORMATS = {"text": lib.VETO_REPORT_TEXT, "json": lib.VETO_REPORT_JSON,
            "csv": lib.VETO_REPORT_CSV, "md": lib.VETO_REPORT_MD,
            "svg": lib.VETO_REPORT_SVG, "html": lib.VETO_REPORT_HTML}


class VetoError(Exception):
    """Base of the errors libveto reports (besides ValueError, OSError,
    TimeoutError and KeyboardInterrupt)."""

    def __init__(self, message, file=None, line=None, column=None,
                 hint=None, context=None, code=None, hint_code=0):
        super().__init__(message)
        self.hint_code = hint_code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint
        self.context = context
        self.code = code

    def __str__(self):
        where = ""
        if self.file and self.line:
            where = "%s:%d:%d: " % (self.file, self.line, self.column or 0)
        elif self.file:
            where = "%s: " % self.file
        text = where + self.message
        if self.hint:
            text += "\nhint: " + self.hint
        return text


class ModelError(VetoError):
    """The text is not a valid model: file, line, column, message, hint."""


class LimitError(VetoError):
    """A resource limit (memory budget, size cap) was reached."""


class MethodError(VetoError):
    """The method asked for cannot take this rule or index."""


def _s(p):
    return ffi.string(p).decode("utf-8", "replace") if p != ffi.NULL else None


def _hint(err):
    """The library's advice in words that name no command-line option."""
    buf = ffi.new("char[512]")
    lib.veto_hint_text(buf, 512, err)
    return _s(buf) or None


def _raise(status, err):
    msg = _s(err.message) or _s(lib.veto_strerror(status))
    info = dict(file=_s(err.file) or None, line=err.line or None,
                column=err.col or None, hint=_hint(err),
                context=_s(err.context) or None, code=int(status),
                hint_code=int(err.hint_code))
    if status in (lib.VETO_EPARSE, lib.VETO_EINVAL, lib.VETO_EOVERFLOW):
        raise ModelError(msg, **info)
    if status in (lib.VETO_ELIMIT, lib.VETO_ENOMEM):
        raise LimitError(msg, **info)
    if status == lib.VETO_EUNSUPPORTED:
        raise MethodError(msg, **info)
    if status == lib.VETO_ETIMEOUT:
        raise TimeoutError(msg)
    if status == lib.VETO_EIO:
        raise OSError(msg)
    if status == lib.VETO_ECANCELLED:
        raise KeyboardInterrupt(msg)
    raise ValueError(msg + ("\nhint: " + info["hint"] if info["hint"] else ""))


def _call(fn, *args, opt=None):
    """Run fn(*args, err) in a worker thread (cffi releases the GIL around
    the C call); the calling thread waits in short slices so that Ctrl-C
    reaches it, and then sets the flag the cancel callback returns."""
    err = ffi.new("veto_error_t *")
    flag = ffi.new("int *")
    if opt is not None:
        lib.pyveto_watch(opt, flag)
    box = {}

    def work():
        try:
            box["status"] = fn(*args, err)
        finally:
            box["done"] = True

    t = threading.Thread(target=work, name="veto-analysis", daemon=True)
    t.start()
    # Poll a flag in short sleeps rather than Thread.join: a join
    # interrupted by KeyboardInterrupt can leave the thread looking
    # finished while it still runs (CPython before 3.13).
    interrupted = False
    while "done" not in box:
        try:
            time.sleep(0.02)
        except KeyboardInterrupt:
            flag[0] = 1
            interrupted = True
    status = box.get("status", lib.VETO_ECANCELLED)
    if interrupted:
        raise KeyboardInterrupt("veto: the analysis was cancelled")
    if status != lib.VETO_OK:
        _raise(status, err)


def _limits():
    lim = ffi.new("veto_limits_t *")
    lib.veto_limits_init(lim)
    return lim


def _model(ptr):
    return Model(ffi.gc(ptr, lib.veto_model_free))


def load(path, format="auto"):
    """Read a model from a file (.veto, JSON or a bare weighted game), as
    the command does; include may read files beside it."""
    out = ffi.new("veto_model_t **")
    err = ffi.new("veto_error_t *")
    s = lib.veto_model_read_file(out, str(path).encode(), _informat(format),
                                 _limits(), err)
    if s != lib.VETO_OK:
        _raise(s, err)
    return _model(out[0])


def loads(text, name="<string>", format="auto"):
    """Read a model from a string. Nothing on disk is read: include is
    refused (ModelError)."""
    if not isinstance(text, (str, bytes)):
        raise TypeError("loads() takes a str, not %s" % type(text).__name__)
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    out = ffi.new("veto_model_t **")
    err = ffi.new("veto_error_t *")
    s = lib.veto_model_read(out, name.encode(), data, len(data),
                            _informat(format), _limits(), err)
    if s != lib.VETO_OK:
        _raise(s, err)
    return _model(out[0])


def _informat(f):
    table = {"auto": lib.VETO_FORMAT_AUTO, "veto": lib.VETO_FORMAT_VETO,
             "json": lib.VETO_FORMAT_JSON, "bare": lib.VETO_FORMAT_BARE}
    if f not in table:
        raise ValueError("unknown input format %r (auto, veto, json, bare)"
                         % (f,))
    return table[f]


def _exact_number(x, what):
    """An exact rational from an int, Fraction, string or numpy integer;
    floats are refused as the JSON reader refuses JSON reals."""
    if isinstance(x, bool):
        raise TypeError("%s: a bool is not a number" % what)
    if isinstance(x, numbers.Integral):
        return Fraction(int(x))
    if isinstance(x, Fraction):
        return x
    if isinstance(x, str):
        try:
            return Fraction(x.strip())
        except ValueError:
            raise ValueError("%s: %r is not a number (an integer, a decimal "
                             "or a fraction such as '2/3')" % (what, x))
    raise TypeError("%s: %r is a %s; give an int, a Fraction or a string: a "
                    "float cannot be read exactly" % (what, x,
                                                      type(x).__name__))


def game(quota, weights, names=None):
    """A weighted game: the body acts when the yes-voters' weights sum to at
    least quota. Weights and quota are ints, Fractions, strings ('3/2',
    '0.5') or numpy integers, in a list or a numpy integer array; floats
    are refused. Players are named P1..Pn unless names are given."""
    kind = getattr(getattr(weights, "dtype", None), "kind", None)
    if kind is not None and kind not in "iu":
        raise TypeError("weights: a numpy array of dtype %s; give integers "
                        "(a float cannot be read exactly)" % weights.dtype)
    ws = [_exact_number(w, "weight %d" % (k + 1))
          for k, w in enumerate(list(weights))]
    if not ws:
        raise ValueError("a game needs at least one player")
    if any(w < 0 for w in ws):
        raise ValueError("weights must be non-negative")
    q = _exact_number(quota, "quota")
    if names is None:
        names = ["P%d" % (k + 1) for k in range(len(ws))]
    names = [str(n) for n in names]
    if len(names) != len(ws):
        raise ValueError("%d names for %d weights" % (len(names), len(ws)))
    # Scale to integers: the same game, and what every engine takes.
    den = 1
    for v in ws + [q]:
        den = den * v.denominator // _gcd(den, v.denominator)
    doc = {"players": [{"name": n, "attributes": {"weight": str(int(w * den))}}
                       for n, w in zip(names, ws)],
           "quota": str(int(q * den))}
    return loads(json.dumps(doc), name="<game>", format="json")


def _gcd(a, b):
    while b:
        a, b = b, a % b
    return a


def _options(indices=None, method="auto", exact=False, timeout=None,
             seed=None, samples=None, beliefs=True):
    opt = ffi.new("veto_options_t *")
    lib.veto_options_init(opt)
    if indices is not None:
        if isinstance(indices, str):
            indices = [indices]
        bits = 0
        for name in indices:
            keys = _SHORT.get(name, (name,) if name in INDICES else None)
            if keys is None:
                raise ValueError("unknown index %r (%s, or %s)" % (
                    name, ", ".join(INDICES), ", ".join(_SHORT)))
            for k in keys:
                bits |= 1 << INDICES.index(k)
        if bits == 0:
            raise ValueError("no index asked")
        opt.indices = bits
    if method not in _METHODS:
        raise ValueError("unknown method %r (auto, dp, bdd, enum, mc)"
                         % (method,))
    opt.method = _METHODS[method]
    opt.exact = bool(exact)
    opt.beliefs = bool(beliefs)
    if timeout is not None:
        if not timeout > 0:
            raise ValueError("timeout must be a number of seconds > 0")
        opt.timeout = float(timeout)
    if seed is not None:
        opt.seed = int(seed)
    if samples is not None:
        if int(samples) <= 0:
            raise ValueError("samples must be positive")
        opt.samples = int(samples)
    return opt


def _ropts(fmt, exact):
    ro = ffi.new("veto_report_options_t *")
    lib.veto_report_options_init(ro)
    if fmt not in _FORMATS:
        raise ValueError("unknown format %r (%s)" % (fmt, ", ".join(_FORMATS)))
    ro.format = _FORMATS[fmt]
    ro.exact = bool(exact)
    return ro


def _text(writer, *args):
    out = ffi.new("char **")
    err = ffi.new("veto_error_t *")
    s = writer(out, *args, err)
    if s != lib.VETO_OK:
        _raise(s, err)
    try:
        return ffi.string(out[0]).decode("utf-8")
    finally:
        lib.veto_free(out[0])


def _num(v, exact, count=False):
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, str):
        return Fraction(v) if exact or "/" in v else int(v)
    if isinstance(v, list):
        return [_num(x, exact, count) for x in v]
    return v


class Model:
    """A model read by libveto. Analyses never change it."""

    def __init__(self, ptr):
        self._ptr = ptr

    @property
    def players(self):
        return [_s(lib.veto_model_player(self._ptr, i))
                for i in range(lib.veto_model_nplayers(self._ptr))]

    @property
    def title(self):
        return _s(lib.veto_model_title(self._ptr))

    @property
    def scenarios(self):
        return [_s(lib.veto_model_scenario(self._ptr, i))
                for i in range(lib.veto_model_nscenarios(self._ptr))]

    @property
    def warnings(self):
        return [_s(lib.veto_model_warning(self._ptr, i))
                for i in range(lib.veto_model_nwarnings(self._ptr))]

    def player_index(self, name):
        """The index of the player called name (ValueError naming the
        closest name when there is none)."""
        if not isinstance(name, str):
            raise TypeError("a player's name is a str")
        out = ffi.new("size_t *")
        err = ffi.new("veto_error_t *")
        s = lib.veto_model_player_index(out, self._ptr, name.encode(), err)
        if s != lib.VETO_OK:
            hint = _hint(err)
            raise ValueError(_s(err.message) + ("; " + hint if hint else ""))
        return int(out[0])

    def describe(self):
        """The normalised model, as `veto check` prints it."""
        return _text(lib.veto_model_describe, self._ptr)

    def __repr__(self):
        return "<veto.Model %r, %d players>" % (self.title,
                                                 len(self.players))

    def _analyse(self, opt):
        out = ffi.new("veto_result_t **")
        _call(lib.veto_analyse, out, self._ptr, opt, opt=opt)
        return ffi.gc(out[0], lib.veto_result_free)

    def analyse(self, indices=None, method="auto", exact=False,
                scenario=None, timeout=None, seed=None, samples=None):
        """The full analysis (veto FILE): properties, indices, P(act).

        indices: JSON keys ('shapley_shubik') or the command's names
        ('ssi'); None for all the engine affords. method: auto, dp, bdd,
        enum, mc. exact: Fractions instead of floats. scenario: keep only
        that scenario's P(act) (None: the defaults and every scenario).
        timeout: seconds (TimeoutError)."""
        if scenario is not None and scenario not in self.scenarios \
                and scenario != "default":
            raise ValueError("unknown scenario %r; the scenarios are: %s"
                             % (scenario, ", ".join(self.scenarios) or
                                "none"))
        opt = _options(indices, method, exact, timeout, seed, samples)
        res = self._analyse(opt)
        text = _text(lib.veto_report_full, ffi.new("veto_model_t *[1]",
                                                   [self._ptr]),
                     ffi.new("veto_result_t *[1]", [res]), 1,
                     _ropts("json", exact))
        return Result(json.loads(text), exact, scenario)

    def report(self, format="text", exact=False, **options):
        """The command's full report as a string (text, json, csv, md, svg,
        html)."""
        opt = _options(exact=exact, **options)
        res = self._analyse(opt)
        return _text(lib.veto_report_full, ffi.new("veto_model_t *[1]",
                                                   [self._ptr]),
                     ffi.new("veto_result_t *[1]", [res]), 1,
                     _ropts(format, exact))


class Result:
    """One analysis, read from the veto/1 JSON document the library wrote.

    players, indices (key -> list, as in the JSON; floats, or Fractions with
    exact=True; swing and coalition counts are ints), veto_players, p_act
    (scenario name -> value, None for the defaults), halfwidths (Monte
    Carlo: key -> list, and 'p_act' -> {scenario: half-width}; None for
    exact engines), method, json (the whole document)."""

    def __init__(self, doc, exact, scenario=None):
        self.json = doc
        m = doc["models"][0]
        self._m = m
        self.exact = exact
        self.players = list(m["players"])
        self.method = m["method"]
        self.method_reason = m["method_reason"]
        self.estimated = m["estimated"]
        self.veto_players = _list(m["veto_players"])
        self.dummies = _list(m["dummies"])
        self.passers = _list(m["passers"])
        self.dictator = m["dictator"]
        self.proper = m["proper"]
        self.strong = m["strong"]
        self.winning = _num(m["winning"], False)
        self.minimal_winning = _num(m["minimal_winning"], False)
        self.power_to_act = _num(m["power_to_act"], exact)
        self.indices = {}
        for k, v in m["indices"].items():
            if v is not None:
                self.indices[k] = _num(v, exact and k not in _COUNTS)
        self.p_act = {}
        hw_p = {}
        b = m.get("beliefs")
        if b:
            entries = [(None, b["default"])] + [(s["name"], s)
                                                for s in b["scenarios"]]
            for name, e in entries:
                if scenario is not None and name != scenario and not (
                        scenario == "default" and name is None):
                    continue
                self.p_act[name] = _num(e["p_act"], exact)
                hw_p[name] = e.get("p_act_halfwidth")
        self.halfwidths = None
        if self.estimated:
            self.halfwidths = {k: v for k, v in m["halfwidths"].items()
                               if v is not None}
            self.halfwidths["p_act"] = hw_p

    def __repr__(self):
        return "<veto.Result %s, %d players, veto players %s>" % (
            self.method, len(self.players), self.veto_players)

    def to_pandas(self):
        """The indices as a pandas DataFrame, one row a player (pandas is
        optional: ImportError when it is absent)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_pandas() needs pandas (apt-get install "
                              "python3-pandas); veto itself does not") from None
        df = pandas.DataFrame(self.indices, index=self.players)
        df.index.name = "player"
        df["veto"] = [p in self.veto_players for p in self.players]
        return df


def _list(v):
    return None if v is None else list(v)


def _doc(text):
    return json.loads(text)


def explain(model, player, scenario=None, exact=False, method="auto",
            timeout=None):
    """Why player can block, or how it is decisive (veto explain): the
    veto/1 JSON document as a dict."""
    i = model.player_index(player)
    opt = _options(method=method, exact=exact, timeout=timeout)
    out = ffi.new("veto_explanation_t **")
    scen = ffi.new("char[]", scenario.encode()) if scenario else ffi.NULL
    _call(lib.veto_explain, out, model._ptr, i, scen, opt, opt=opt)
    e = ffi.gc(out[0], lib.veto_explanation_free)
    return _doc(_text(lib.veto_report_explain, model._ptr, e,
                      _ropts("json", exact)))


def sweep(model, belief=None, quota=None, steps=11, scenario=None,
          exact=False, method="auto", timeout=None, vote="yes", bloc=None):
    """P(act), veto players and indices as one belief, one threshold or one
    bloc's Beta parameter moves (veto sweep): belief=(player, from, to)
    with `steps` points, quota=(threshold number, from, to), or
    bloc=(name, "a" or "b", from, to) with `steps` points (the bloc's name
    as declared, "shared" for `belief shared`; scenario picks the belief
    set whose bloc moves). In a three-valued model, vote="abstain" moves
    the player's abstain probability with its yes probability held (no
    takes the rest; a point where they add up to more than 1 is an error
    naming it). Returns the JSON document."""
    if vote not in ("yes", "abstain"):
        raise ValueError("vote is 'yes' or 'abstain'")
    if (belief is not None) + (quota is not None) + (bloc is not None) != 1:
        raise ValueError("sweep takes one of belief=(player, from, to), "
                         "quota=(threshold, from, to) or bloc=(name, 'a', "
                         "from, to)")
    name = ffi.NULL
    param = b"\0"
    if bloc is not None:
        if not isinstance(bloc, (tuple, list)) or len(bloc) != 4 \
                or not isinstance(bloc[0], str) or bloc[1] not in ("a", "b"):
            raise ValueError("bad bloc %r: (NAME, 'a' or 'b', FROM, TO), the "
                             "parameter a or b of the bloc's Beta(a, b), e.g. "
                             "('West', 'a', 1, 4); 'shared' is `belief "
                             "shared`" % (bloc,))
        name = ffi.new("char[]", bloc[0].encode())
        param = bloc[1].encode()
        who, lo, hi = 0, bloc[2], bloc[3]
    else:
        who, lo, hi = belief if belief is not None else quota
    if quota is None:
        if belief is not None:
            who = model.player_index(who)
        if not 2 <= int(steps) <= 10000:
            raise ValueError("steps must be between 2 and 10000")
    elif isinstance(who, bool) or not isinstance(who, numbers.Integral) \
            or who < 1:
        raise ValueError("the threshold is a number 1, 2, ... in the order "
                         "`veto check` prints the rule")
    lo = _exact_number(lo, "from")
    hi = _exact_number(hi, "to")
    scen = ffi.new("char[]", scenario.encode()) if scenario else ffi.NULL
    kind = 1 if quota is not None else 2 if bloc is not None else 0
    spec = lib.pyveto_spec_new(kind, int(who), scen, str(lo).encode(),
                               str(hi).encode(), int(steps),
                               vote == "abstain", name, param)
    if spec == ffi.NULL:
        raise MemoryError("out of memory")
    spec = ffi.gc(spec, lib.pyveto_spec_free)
    opt = _options(method=method, exact=exact, timeout=timeout)
    out = ffi.new("veto_sweep_t **")
    _call(lib.veto_sweep, out, model._ptr, spec, opt, opt=opt)
    s = ffi.gc(out[0], lib.veto_sweep_free)
    return _doc(_text(lib.veto_report_sweep, model._ptr, s,
                      _ropts("json", exact)))


def design(model, remove_veto, top=3, exact=False, method="auto",
           timeout=None):
    """The smallest threshold changes that leave remove_veto without a veto
    (veto design --remove-veto); in a three-valued model also the vote
    moves (its abstention does not block; it must abstain), each candidate
    with its "move". Returns the JSON document."""
    i = model.player_index(remove_veto)
    if isinstance(top, bool) or not 1 <= int(top) <= 100:
        raise ValueError("top must be between 1 and 100")
    opt = _options(method=method, exact=exact, timeout=timeout)
    out = ffi.new("veto_design_t **")
    _call(lib.veto_design_remove_veto, out, model._ptr, i, int(top), opt,
          opt=opt)
    d = ffi.gc(out[0], lib.veto_design_free)
    return _doc(_text(lib.veto_report_design, model._ptr, d,
                      _ropts("json", exact)))


def compare(*models, exact=False, method="auto", indices=None,
            timeout=None, format="json"):
    """Two or more models side by side (veto compare): the JSON document
    as a dict, or the report as a string for another format."""
    if len(models) == 1 and isinstance(models[0], (list, tuple)):
        models = tuple(models[0])
    if len(models) < 2:
        raise ValueError("compare takes two or more models")
    results = []
    for m in models:
        if not isinstance(m, Model):
            raise TypeError("compare takes veto.Model objects")
        results.append(m._analyse(_options(indices, method, exact, timeout)))
    text = _text(lib.veto_report_compare,
                 ffi.new("veto_model_t *[]", [m._ptr for m in models]),
                 ffi.new("veto_result_t *[]", results), len(models),
                 _ropts(format, exact))
    return _doc(text) if format == "json" else text
