// The veto page: an editor, the analysis from POST /api/analyse (the same
// JSON and HTML as the command), errors at their line, a belief slider and
// a comparison. Everything comes from this server; nothing else is fetched.
"use strict";

const $ = (id) => document.getElementById(id);
let examples = [];
let timer = null;
let seq = 0;
let lastPlayers = [];

async function api(what, body) {
  const r = await fetch("/api/" + what, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const type = r.headers.get("Content-Type") || "";
  const data = type.startsWith("application/json") ? await r.json() : await r.text();
  return { status: r.status, data };
}

function gutter(errLine) {
  const n = $("model").value.split("\n").length;
  const g = $("gutter");
  g.textContent = "";
  for (let i = 1; i <= n; i++) {
    const s = document.createElement("span");
    s.textContent = String(i);
    if (i === errLine) {
      s.className = "err";
      s.id = "error-line";
    }
    g.appendChild(s);
  }
  // the editor grows with its text, so the gutter and it scroll together
  const t = $("model");
  t.style.height = "0";
  t.style.height = t.scrollHeight + "px";
}

function isVeto(text) {
  const t = text.replace(/^(\s|#[^\n]*\n)*/, "");
  return !(t.startsWith("{") || /^[0-9]/.test(t));
}

// The slider's scenario, appended to what is sent (not to the editor).
function sliderScenario() {
  const who = $("slider-player").value;
  if (!who || !isVeto($("model").value)) return null;
  const pct = Number($("slider").value);
  const q = JSON.stringify(who);
  return { name: "slider: " + who + " at " + pct + "%",
           text: "\nscenario " + JSON.stringify("slider: " + who + " at " + pct + "%") +
                 " { " + q + " = " + pct + "% }\n" };
}

function showError(e, box) {
  const where = e.line ? "line " + e.line + ", column " + e.column + ": " : "";
  let text = where + e.message;
  if (e.context) {
    text += "\n  " + e.context + "\n  " + " ".repeat(Math.max(0, (e.column || 1) - 1)) + "^";
  }
  if (e.hint) text += "\nhint: " + e.hint;
  box.textContent = text;
  box.hidden = false;
}

function fmt(v) {
  if (typeof v === "number") return (Math.round(v * 1e6) / 1e6).toString();
  return String(v);
}

async function analyse() {
  const my = ++seq;
  const text = $("model").value;
  const sc = sliderScenario();
  const body = {
    model: sc ? text + sc.text : text,
    name: $("example").value || "model.veto",
    options: { method: $("method").value, exact: $("exact").checked },
  };
  $("status").textContent = "analysing…";
  const [json, html] = await Promise.all([
    api("analyse", body),
    api("analyse", Object.assign({}, body, { format: "html" })),
  ]);
  if (my !== seq) return; // a newer edit has been sent
  $("error").hidden = true;
  gutter(0);
  $("summary").classList.toggle("stale", json.status !== 200);
  if (json.status !== 200) {
    const e = json.data && json.data.error ? json.data.error : { message: String(json.data) };
    showError(e, $("error"));
    if (json.status === 422 && e.line) {
      gutter(e.line);
      const el = $("error-line");
      if (el) el.scrollIntoView({ block: "nearest" });
    }
    $("status").textContent = "HTTP " + json.status;
    return;
  }
  const m = json.data.models[0];
  $("title").textContent = m.title || "(untitled model)";
  $("veto-players").textContent = m.veto_players === null ? "unknown (Monte Carlo)"
    : m.veto_players.length ? m.veto_players.join(", ") : "none";
  const tb = document.querySelector("#p-act tbody");
  tb.textContent = "";
  if (m.beliefs) {
    const rows = [["defaults", m.beliefs.default]].concat(
      m.beliefs.scenarios.map((s) => [s.name, s]));
    for (const [name, b] of rows) {
      const tr = document.createElement("tr");
      if (sc && name === sc.name) tr.className = "slider";
      const a = document.createElement("td");
      a.textContent = name;
      const v = document.createElement("td");
      v.className = "num";
      v.textContent = fmt(b.p_act) + (b.p_act_halfwidth ? " ± " + fmt(b.p_act_halfwidth) : "");
      tr.append(a, v);
      tb.appendChild(tr);
    }
  }
  if (JSON.stringify(m.players) !== JSON.stringify(lastPlayers)) {
    lastPlayers = m.players;
    const sel = $("slider-player");
    const keep = sel.value;
    sel.textContent = "";
    const none = new Option("(none)", "");
    sel.appendChild(none);
    for (const p of m.players.slice(0, 500)) sel.appendChild(new Option(p, p));
    if (m.players.includes(keep)) sel.value = keep;
  }
  $("slider-box").disabled = !isVeto(text);
  $("report").srcdoc = html.status === 200 ? html.data : "";
  $("status").textContent = m.method + (m.estimated ? " (estimated)" : "") + ", done";
}

function later() {
  gutter(0);
  clearTimeout(timer);
  timer = setTimeout(analyse, 500);
}

function pick() {
  const ex = examples.find((e) => e.name === $("example").value);
  if (!ex) return;
  $("model").value = ex.text;
  $("slider-player").value = "";
  gutter(0);
  analyse();
}

async function compare() {
  const texts = [], names = [];
  for (const box of document.querySelectorAll("#compare-list input:checked")) {
    if (box.value === "") {
      texts.push($("model").value);
      names.push("editor: " + ($("example").value || "model"));
    } else {
      const ex = examples.find((e) => e.name === box.value);
      texts.push(ex.text);
      names.push(ex.name);
    }
  }
  $("compare-error").hidden = true;
  if (texts.length < 2) {
    showError({ message: "tick two or more models" }, $("compare-error"));
    return;
  }
  $("compare-status").textContent = "comparing…";
  const r = await api("compare", { models: texts, names, format: "html",
                                   options: { method: $("method").value } });
  if (r.status !== 200) {
    showError(r.data.error || { message: String(r.data) }, $("compare-error"));
    $("compare-status").textContent = "HTTP " + r.status;
    return;
  }
  $("compare-report").srcdoc = r.data;
  $("compare-status").textContent = "done";
}

function tab(which) {
  $("analyse").hidden = which !== "analyse";
  $("compare").hidden = which !== "compare";
  $("tab-analyse").classList.toggle("on", which === "analyse");
  $("tab-compare").classList.toggle("on", which === "compare");
}

async function start() {
  const r = await fetch("/api/examples");
  examples = (await r.json()).examples;
  const sel = $("example");
  const g1 = document.createElement("optgroup");
  g1.label = "Guarantee arrangements";
  const g2 = document.createElement("optgroup");
  g2.label = "Other bodies";
  for (const e of examples) (e.guarantee ? g1 : g2).appendChild(new Option(e.name, e.name));
  sel.append(g1, g2);
  const list = $("compare-list");
  const mine = document.createElement("label");
  mine.innerHTML = '<input type="checkbox" value="" checked> the editor\u2019s model';
  list.appendChild(mine);
  for (const e of examples) {
    const l = document.createElement("label");
    const b = document.createElement("input");
    b.type = "checkbox";
    b.value = e.name;
    b.checked = e.guarantee && examples.indexOf(e) < 3;
    l.append(b, " " + e.name);
    list.appendChild(l);
  }
  sel.addEventListener("change", pick);
  $("model").addEventListener("input", later);
  $("run").addEventListener("click", analyse);
  $("method").addEventListener("change", analyse);
  $("exact").addEventListener("change", analyse);
  $("slider").addEventListener("input", () => {
    $("slider-value").textContent = $("slider").value + "%";
    if ($("slider-player").value) later();
  });
  $("slider-player").addEventListener("change", analyse);
  $("compare-run").addEventListener("click", compare);
  $("tab-analyse").addEventListener("click", () => tab("analyse"));
  $("tab-compare").addEventListener("click", () => tab("compare"));
  pick();
}

document.addEventListener("DOMContentLoaded", start);
