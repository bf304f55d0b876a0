/* The self-assessment report, worked out in this browser as the official answers (or loads a
   file) on the form page. What depends on the catalogue only comes from the page
   (gapcheck.guidance.report_data, made by the same Python the CLI uses); this script does only
   the arithmetic the answers require, with Python's rules (fsum means, round half to even), so
   its figures are those of `gapcheck report --format json`. Nothing is sent anywhere. */
(function () {
  "use strict";
  const NA = "n/a";
  const trim = window.gapcheckText.trim; // gapcheck-form.js: Python's str.strip(), in linear time
  // gapcheck-form.js: the page's words (t, tn) and numbers (decimal)
  const t = window.gapcheckText.t, tn = window.gapcheckText.tn, decimal = window.gapcheckText.decimal;

  /* ---- Python's arithmetic ---- */
  // math.fsum (Shewchuk's exact partials), so a mean is the same double Python's fmean gives.
  function fsum(xs) {
    const partials = [];
    for (let x of xs) {
      let i = 0;
      for (let y of partials) {
        if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
        const hi = x + y, lo = y - (hi - x);
        if (lo) partials[i++] = lo;
        x = hi;
      }
      partials.length = i;
      partials.push(x);
    }
    let n = partials.length, hi = 0, lo = 0;
    if (n > 0) {
      hi = partials[--n];
      while (n > 0) {
        const x = hi, y = partials[--n];
        hi = x + y;
        lo = y - (hi - x);
        if (lo) break;
      }
      if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
        const y = lo * 2, x = hi + y;
        if (y === x - hi) hi = x;
      }
    }
    return hi;
  }
  const fmean = (xs) => fsum(xs) / xs.length;
  // round(x, d): the decimal nearest the double's exact value, a true tie to the even digit.
  // toFixed works on the exact value too but sends ties up. x * 10^d is itself rounded, so a
  // near tie looks like one: a true tie (2k+1) / (2 x 10^d) is a double only when 5^d divides
  // 2k+1, and is then exactly m / 2^(d+1), which is compared without error.
  function pyRound(x, d) {
    if (x == null) return null;
    const low = Math.floor(x * 10 ** d), odd = 2 * low + 1;
    if (odd % 5 ** d === 0 && (odd / 5 ** d) / 2 ** (d + 1) === x) return (low % 2 === 0 ? low : low + 1) / 10 ** d;
    return Number(x.toFixed(d));
  }
  const r4 = (x) => pyRound(x, 4);
  function shown(x, d) {
    if (x == null) return "–";
    const r = pyRound(x, d === undefined ? 2 : d);
    return decimal(r, d === undefined ? 2 : d);
  }
  // as Python's str(round(x, 2)): 3, 2.5, 2.75 (in the page's decimal sign)
  const targetShown = (x) => {
    if (x == null) return "–";
    const r = pyRound(x, 2), digits = Number.isInteger(r) ? 0 : Number.isInteger(r * 10) ? 1 : 2;
    return digits ? decimal(r, digits) : String(r);
  };

  /* ---- the answers, as the form holds them (gapcheck-form.js keys) ---- */
  const isNumber = (s) => /^\d+([.,]\d+)?$/.test(trim(s)) && Number(trim(s).replace(",", ".")) <= 4;
  const numberOr = (s, fallback) => (isNumber(s) ? Number(trim(s).replace(",", ".")) : fallback);

  function compute(v, data) {
    const top = data.max_level, defaultTarget = numberOr(v["m|default_target"], 3);
    const practices = data.practices.map((p) => {
      const k = "p|" + p.id + "|", wholeNa = v[k + "na"] === true && trim(v[k + "na_reason"]) !== "";
      const elements = p.elements.map((eid) => {
        const level = wholeNa ? NA : String(v[k + "e|" + eid + "|level"] || "");
        return { id: eid, status: level === NA ? NA : /^[0-4]$/.test(level) ? "answered" : "unanswered",
          level: /^[0-4]$/.test(level) ? Number(level) : null };
      });
      const levels = elements.filter((e) => e.level !== null).map((e) => e.level);
      const target = numberOr(v[k + "target"], defaultTarget);
      let status = "not assessed", level = null, gap = null;
      if (levels.length) { status = "assessed"; level = fmean(levels); gap = Math.max(0, target - level); }
      else if (elements.every((e) => e.status === NA)) status = NA;
      return { id: p.id, number: p.number, title: p.title, section: p.section, status, level, target,
        target_source: isNumber(v[k + "target"]) ? "custom" : "default", gap, elements,
        answered: elements.filter((e) => e.status !== "unanswered").length,
        not_applicable: elements.filter((e) => e.status === NA).length, elements_total: elements.length, meta: p };
    });
    const byId = new Map(practices.map((p) => [p.id, p]));
    // held back: an assessed practice whose direct prerequisite is assessed below the line
    const held = new Map();
    for (const p of practices) {
      if (p.level === null) continue;
      const weak = p.meta.prerequisites.filter((q) => byId.get(q).level !== null && byId.get(q).level < data.held_back_below).sort();
      if (weak.length) held.set(p.id, weak);
    }
    // phases: laid in the graph's topological order, one after the latest prerequisite with a gap
    const phase = new Map();
    for (const p of [...practices].sort((a, b) => a.meta.topo - b.meta.topo)) {
      if (!p.gap) continue;
      phase.set(p.id, 1 + Math.max(0, ...p.meta.ancestors.filter((a) => phase.has(a)).map((a) => phase.get(a))));
    }
    const ranked = practices.filter((p) => p.gap).map((p) => ({ id: p.id, title: p.title, gap: p.gap,
      dependants: p.meta.dependants, priority: (p.gap * (1 + p.meta.dependants)) / 4,
      held_back_by: held.get(p.id) || [], phase: phase.get(p.id), safeguards: p.meta.safeguards }))
      .sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const assessed = practices.filter((p) => p.level !== null);
    const answered = practices.reduce((n, p) => n + p.answered, 0);
    const total = practices.reduce((n, p) => n + p.elements_total, 0);
    const na = practices.reduce((n, p) => n + p.not_applicable, 0);
    const overall = assessed.length ? fmean(assessed.map((p) => p.level)) : null;
    const pct = (x) => (x === null ? null : r4((x / top) * 100));
    const phases = [];
    for (const p of ranked) (phases[p.phase - 1] = phases[p.phase - 1] || []).push(p.id);
    const by = (f) => Object.fromEntries(practices.map((p) => [p.id, f(p)]));
    return {
      first_steps: firstSteps(ranked, practices, byId, answered, total, data.first_steps),
      // unrounded, for the requests (gapcheck-requests.js), which round as the CLI does
      exact: { level: by((p) => p.level), target: by((p) => p.target), gap: by((p) => p.gap),
        priority: Object.fromEntries(ranked.map((p) => [p.id, p.priority])), elements: by((p) => p.elements) },
      coverage: { answered, not_applicable: na, unanswered: total - answered, total,
        share: r4(total ? answered / total : 0), percent: r4((total ? answered / total : 0) * 100) },
      overall: { level: r4(overall), percent: pct(overall), practices: practices.length, assessed: assessed.length,
        not_applicable: practices.filter((p) => p.status === NA).length,
        not_assessed: practices.filter((p) => p.status === "not assessed").length, with_gap: ranked.length },
      sections: data.sections.map((s) => {
        const members = practices.filter((p) => p.section === s.id), done = members.filter((p) => p.level !== null);
        const level = done.length ? fmean(done.map((p) => p.level)) : null;
        let targets = 0;
        for (const p of done) targets += p.target; // a plain sum, in order, as the report's
        return { id: s.id, title: s.title, level: r4(level), percent: pct(level), target: done.length ? r4(targets / done.length) : null,
          practices: members.length, assessed: done.length, not_applicable: members.filter((p) => p.status === NA).length,
          answered: members.reduce((n, p) => n + p.answered, 0), elements_total: members.reduce((n, p) => n + p.elements_total, 0) };
      }),
      practices: practices.map((p) => ({ id: p.id, title: p.title, section: p.section, status: p.status, level: r4(p.level),
        percent: pct(p.level), target: p.target, target_source: p.target_source, gap: r4(p.gap), answered: p.answered,
        not_applicable: p.not_applicable, elements_total: p.elements_total, held_back_by: held.get(p.id) || [] })),
      priorities: ranked.map((p, i) => ({ rank: i + 1, id: p.id, title: p.title, gap: r4(p.gap), dependants: p.dependants,
        priority: r4(p.priority), phase: p.phase, held_back_by: p.held_back_by, safeguards: p.safeguards })),
      phases: phases.map((ids, i) => ({ phase: i + 1, practices: ids })),
      held_back: [...held.keys()].sort().map((id) => ({ id, by: held.get(id).map((b) => ({ id: b, level: r4(byId.get(b).level) })) })),
      unanswered: practices.flatMap((p) => p.elements.filter((e) => e.status === "unanswered").map((e) => ({ practice: p.id, element: e.id }))),
    };
  }

  /* ---- what to do first (gapcheck.first_steps, the same rules and words) ---- */
  const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

  function reason(p) {
    const gap = shown(p.gap, 2);
    const why = p.dependants
      ? tn("%(n)s practice builds on it, directly or not, and its gap is %(gap)s", "%(n)s practices build on it, directly or not, and its gap is %(gap)s", p.dependants, { gap })
      : t("nothing else waits on it, and its gap is %(gap)s", { gap });
    return p.phase === 1 ? t("%(id)s first: %(why)s.", { id: p.id, why }) : t("%(id)s in phase %(phase)s: %(why)s.", { id: p.id, phase: p.phase, why });
  }

  function firstSteps(ranked, practices, byId, answered, total, fs) {
    const rank = new Map(ranked.map((p, i) => [p.id, i + 1]));
    const inOrder = [...ranked].sort((a, b) => a.phase - b.phase || rank.get(a.id) - rank.get(b.id));
    const actions = inOrder.slice(0, fs.actions).map((p) => ({ id: p.id, title: p.title, rank: rank.get(p.id), phase: p.phase,
      gap: r4(p.gap), dependants: p.dependants, reason: reason(p) }));
    const warnings = [], share = total ? answered / total : 0;
    if (answered && share < fs.low_coverage) {
      warnings.push({ kind: "low-coverage", ids: [], text: t("Only %(percent)s%% of the elements are answered: the first actions "
        + "rest on part of the picture and may change once the rest is answered.", { percent: Math.floor(share * 100) }) });
    }
    for (const p of [...ranked].sort((a, b) => byText(a.id, b.id))) {
      const missing = byId.get(p.id).meta.prerequisites.filter((q) => byId.get(q).status === "not assessed").sort(byText);
      if (!missing.length) continue;
      warnings.push({ kind: "prerequisite-not-assessed", ids: [p.id, ...missing],
        text: tn("%(id)s is placed in phase %(phase)s, but %(missing)s, which it builds on, is not assessed yet: "
          + "answer it first, since %(id)s may have to wait for it.",
        "%(id)s is placed in phase %(phase)s, but %(missing)s, which it builds on, are not assessed yet: "
          + "answer them first, since %(id)s may have to wait for them.", missing.length, { id: p.id, phase: p.phase, missing: missing.join(", ") }) });
    }
    let example = "";
    search: for (const later of inOrder) {
      for (const earlier of inOrder) {
        if (earlier.phase < later.phase && rank.get(earlier.id) > rank.get(later.id)) {
          const ancestors = new Set(byId.get(later.id).meta.ancestors);
          const before = inOrder.filter((a) => a.phase < later.phase && ancestors.has(a.id)).map((a) => a.id).sort(byText);
          const values = { later: later.id, later_rank: rank.get(later.id), later_phase: later.phase, before: before.join(", "),
            earlier: earlier.id, earlier_rank: rank.get(earlier.id), earlier_phase: earlier.phase };
          example = before.length
            ? t("%(later)s has rank %(later_rank)s but comes in phase %(later_phase)s, because it builds on %(before)s; "
              + "%(earlier)s, rank %(earlier_rank)s, can start in phase %(earlier_phase)s.", values)
            : t("%(later)s has rank %(later_rank)s but comes in phase %(later_phase)s; "
              + "%(earlier)s, rank %(earlier_rank)s, can start in phase %(earlier_phase)s.", values);
          break search;
        }
      }
    }
    // each phase's practices brought to their targets, and the overall level that gives
    const levels = new Map(practices.filter((p) => p.level !== null).map((p) => [p.id, p.level]));
    const phases = [...new Set(inOrder.map((p) => p.phase))].sort((a, b) => a - b).map((n) => {
      const members = inOrder.filter((p) => p.phase === n);
      const closes = members.map((p) => {
        const score = byId.get(p.id);
        levels.set(p.id, score.target);
        return { id: p.id, level: r4(score.level), projected: r4(score.target) };
      });
      return { phase: n, practices: members.map((p) => p.id), closes, projected_overall: levels.size ? r4(fmean([...levels.values()])) : null };
    });
    return { actions, warnings, rank_and_phase: fs.rank_and_phase, rank_and_phase_example: example, phases };
  }

  /* ---- the report, drawn ---- */
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, x] of Object.entries(attrs || {})) {
      if (k === "text") e.textContent = x;
      else if (x !== false && x != null) e.setAttribute(k, x === true ? "" : x);
    }
    e.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
    return e;
  }
  const cell = (text, value) => h("td", value === undefined ? { text } : { text, "data-value": value === null ? "" : String(value) });
  const table = (caption, heads, rows, cls) => h("div", { class: "gc-report__scroll" },
    h("table", { class: cls || "" }, h("caption", { text: caption }),
      h("thead", {}, h("tr", {}, ...heads.map((x) => h("th", { scope: "col", text: x })))), h("tbody", {}, ...rows)));
  const heat = (level) => (level === null ? "none" : String(Math.min(4, Math.floor(level))));

  function render(r, root, title) {
    const ov = r.overall, cov = r.coverage;
    const summary = h("dl", { class: "gc-report__summary" },
      h("dt", { text: t("Overall level") }), h("dd", { "data-fig": "overall", "data-value": ov.level === null ? "" : String(ov.level),
        text: ov.level === null ? t("not assessed yet") : t("%(level)s of 4 (%(percent)s%%)", { level: shown(ov.level), percent: shown(ov.percent, 0) }) }),
      h("dt", { text: t("Coverage") }), h("dd", { "data-fig": "coverage", "data-value": String(cov.answered),
        text: t("%(answered)s of %(total)s elements answered (%(percent)s%%), %(na)s of them n/a",
          { answered: cov.answered, total: cov.total, percent: shown(cov.percent, 0), na: cov.not_applicable }) }),
      h("dt", { text: t("Practices assessed") }), h("dd", { "data-fig": "assessed", "data-value": String(ov.assessed),
        text: ov.not_applicable ? t("%(assessed)s of %(total)s, %(na)s n/a", { assessed: ov.assessed, total: ov.practices, na: ov.not_applicable })
          : t("%(assessed)s of %(total)s", { assessed: ov.assessed, total: ov.practices }) }),
      h("dt", { text: t("Below target") }), h("dd", { "data-fig": "with-gap", "data-value": String(ov.with_gap),
        text: tn("%(n)s practice", "%(n)s practices", ov.with_gap) }));
    const progress = cov.answered === 0 ? t("Nothing answered yet: the report fills in as you answer.")
      : cov.unanswered ? t("Partly answered: %(unanswered)s of %(total)s elements are not answered yet, so these figures may change.",
        { unanswered: cov.unanswered, total: cov.total }) : "";
    const of = (n, total) => t("%(assessed)s of %(total)s", { assessed: n, total });
    // Translators: a practice's status in the report's table
    const statusWords = { assessed: t("assessed"), "not assessed": t("not assessed"), [NA]: t("n/a") };
    const sections = table(t("Levels by section, against the targets"), [t("Section"), t("Level"), t("Target"), t("Assessed"), ""],
      r.sections.map((s) => h("tr", { "data-section": s.id }, cell(`${s.id}. ${s.title}`), cell(shown(s.level), s.level),
        cell(targetShown(s.target), s.target), cell(of(s.assessed, s.practices), s.assessed),
        h("td", { "aria-hidden": "true" }, h("span", { class: "gc-report__bar" },
          h("span", { class: "gc-report__fill", style: `width:${s.percent === null ? 0 : s.percent}%` }),
          s.target === null ? null : h("span", { class: "gc-report__mark", style: `inset-inline-start:${(s.target / 4) * 100}%` }))))));
    const map = h("div", { class: "gc-report__heatmap", role: "img", "aria-label": t("Heatmap of the practices' levels; the table below gives the same figures") },
      ...r.practices.map((p) => h("span", { class: "gc-report__cell", "data-heat": p.status === "assessed" ? heat(p.level) : p.status === NA ? "na" : "none",
        title: `${p.id} ${p.title}` }, h("b", { text: p.id.replace("GP", "") }), h("small", { text: p.status === "assessed" ? shown(p.level) : statusWords[p.status] }))));
    const practices = table(t("The practices (the heatmap as a table)"), [t("Practice"), t("Status"), t("Level"), t("Target"), t("Gap"), t("Answered"), t("Held back by")],
      r.practices.map((p) => h("tr", { "data-practice": p.id }, cell(`${p.id} ${p.title}`), cell(statusWords[p.status], p.status), cell(shown(p.level), p.level),
        cell(p.target_source === "custom" ? t("%(target)s (own)", { target: targetShown(p.target) }) : targetShown(p.target), p.target), cell(shown(p.gap), p.gap),
        cell(of(p.answered, p.elements_total), p.answered), cell(p.held_back_by.join(", ") || "–", p.held_back_by.join(",")))));
    const priorities = r.priorities.length ? table(t("Priorities: the gaps to close first"), [t("Rank"), t("Practice"), t("Gap"), t("Build on it"), t("Priority"), t("Phase"), t("Held back by")],
      r.priorities.map((p) => h("tr", { "data-priority": p.id }, cell(String(p.rank), p.rank), cell(`${p.id} ${p.title}`), cell(shown(p.gap), p.gap),
        cell(String(p.dependants), p.dependants), cell(shown(p.priority), p.priority), cell(String(p.phase), p.phase),
        cell(p.held_back_by.join(", ") || "–", p.held_back_by.join(","))))) : h("p", { text: t("No practice is below its target yet.") });
    const phases = r.phases.length ? h("ol", { class: "gc-report__phases" }, ...r.phases.map((ph) => h("li", { "data-phase": String(ph.phase),
      "data-value": ph.practices.join(","), text: t("Phase %(phase)s: %(practices)s", { phase: ph.phase, practices: ph.practices.join(", ") }) })))
      : h("p", { text: t("No phases: no gap to close.") });
    const fs = r.first_steps;
    const first = h("div", { class: "gc-report__first" },
      fs.actions.length ? h("ol", { class: "gc-report__actions" }, ...fs.actions.map((a) => h("li", { "data-action": a.id },
        h("strong", { text: `${a.id} ${a.title}` }), " " + t("(rank %(rank)s, phase %(phase)s).", { rank: a.rank, phase: a.phase }) + " ",
        h("span", { "data-reason": a.id, text: a.reason }))))
        : h("p", { text: ov.assessed === 0 ? t("Nothing to rank yet: answer the questionnaire first.")
          : t("Every assessed practice is at its target: keep what is in place, and answer what is not answered yet.") }),
      fs.actions.length ? h("p", { text: fs.rank_and_phase + (fs.rank_and_phase_example ? " " + t("In this report:") + " " + fs.rank_and_phase_example : "") }) : null,
      ...fs.warnings.map((w) => h("p", { class: "gc-report__warning", "data-warning": w.kind }, h("strong", { text: t("Warning.") + " " }), w.text)));
    const projected = fs.phases.length ? table(t("What each phase brings: its practices at their targets, and the overall level once it is done"),
      [t("Phase"), t("Practices it brings to their targets"), t("Overall level once done")],
      fs.phases.map((ph) => h("tr", { "data-projected": String(ph.phase) }, cell(String(ph.phase), ph.phase),
        cell(ph.closes.map((c) => `${c.id} ${shown(c.level)} → ${targetShown(c.projected)}`).join(", ")),
        cell(shown(ph.projected_overall), ph.projected_overall)))) : null;
    const missing = new Map(), all = t("all elements");
    for (const u of r.unanswered) (missing.get(u.practice) || missing.set(u.practice, []).get(u.practice)).push(u.element);
    const unanswered = missing.size ? h("ul", { class: "gc-report__unanswered", "data-value": String(r.unanswered.length) },
      ...[...missing].map(([pid, ids]) => h("li", { text: `${pid}: ${ids.length === data(root).practices.find((p) => p.id === pid).elements.length ? all : ids.join(", ")}` })))
      : h("p", { text: t("Every element is answered.") });
    const sec = (title, ...body) => h("section", { class: "gc-report__part" }, h("h3", { text: title }), ...body);
    root.replaceChildren(h("h2", { id: "your-report", text: title ? t("Your report: %(title)s", { title }) : t("Your report") }),
      h("p", { class: "gc-report__note", text: t("Worked out in this browser from the answers on this page; nothing is sent anywhere.") }),
      h("div", { class: "gc-report__bar" }, h("button", { type: "button", class: "md-button md-button--primary", "data-report": "print", text: t("Print or save as PDF") }),
        h("button", { type: "button", class: "md-button", "data-report": "requests", text: t("Download the requests for assistance") }),
        h("button", { type: "button", class: "md-button", "data-report": "letter", text: t("Download the cover letter") })),
      h("div", { class: "gc-report__message", role: "status", "aria-live": "polite" }),
      sec(t("What to do first"), first),
      sec(t("Summary"), summary, progress && h("p", { class: "gc-report__progress", text: progress })),
      sec(t("Levels by section"), sections),
      sec(t("The %(n)s practices at a glance", { n: r.practices.length }), map, practices),
      sec(t("Priorities"), h("p", { text: t("Priority = gap x (1 + number of practices that build on it, directly or not) / 4. A practice is held back when a practice it builds on is assessed below level 2.") }), priorities),
      sec(t("Phases"), h("p", { text: t("Each practice with a gap comes one phase after the latest practice with a gap that it builds on, so prerequisites come first.") }), phases, projected),
      sec(t("Not answered yet"), unanswered));
  }

  const data = (root) => root.gcData;

  // For the tests and the form: the report of a questionnaire file's text, loaded as the form
  // loads it (gapcheckForm's reader), drawn on the page. Returns the figures.
  function show(values) {
    const root = document.getElementById("gc-report");
    if (!root || !root.gcData) return null;
    const report = compute(values, root.gcData);
    const day = trim(values["m|date"]);
    render(report, root, trim(values["m|state"]) + (trim(values["m|state"]) && day ? ", " + day : ""));
    root.gcLast = values;
    root.gcReport = report;
    return report;
  }

  function init() {
    const root = document.getElementById("gc-report"), source = document.getElementById("gc-report-data");
    if (!root || !source || root.dataset.ready) return;
    const parsed = JSON.parse(source.textContent);
    if (parsed.format !== 2) { root.textContent = t("This page's report data is of another version; reload the page."); return; }
    root.dataset.ready = "yes";
    root.gcData = parsed;
    root.addEventListener("click", (event) => {
      const act = event.target.dataset && event.target.dataset.report;
      if (act === "print") window.print();
      else if (act && window.gapcheckRequests) window.gapcheckRequests.download(act, root.gcLast || {}, root);
    });
    // gapcheck-form.js tells what the answers are each time they change (typing, loading).
    document.addEventListener("gapcheck:answers", (event) => show(event.detail));
    if (window.gapcheckForm && window.gapcheckForm.current) show(window.gapcheckForm.current());
  }

  window.gapcheckReport = { compute, render, show, pyRound, fsum };
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
