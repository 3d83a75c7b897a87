// The timeline under the map: incidents per day, week or month over the whole span of the
// current filters (all but the dates), with the selected date range highlighted on it.
//
//   renderTimeline(container, days, { from, to, locale, strings, onRange })
//
// days: [{date: "YYYY-MM-DD", count}] as /api/timeline.json gives them; from, to: the
// selected range ("YYYY-MM-DD" or null); onRange(from, to) is called when the analyst sets a
// new range, onRange(null, null) for all dates. Sets container.dataset.days (days with data)
// and container.dataset.bin ("day" | "week" | "month"; absent when there is nothing to draw).
//
// Pointer: a drag anywhere sets the new range (narrower or wider), snapped to whole bars;
// the dates are shown while dragging. Keyboard, on the focused chart (a slider whose value
// is the range): ←/→ move the start by one bar, Shift+←/→ the end, Home/End widen to the
// first/last bar, Enter applies, Escape cancels; the Apply and Cancel buttons do the same.
// The "all dates" button widens back.
//
// strings: every text it shows, translated by the page; {name} is filled in. In English:
//   timelineLabel     the chart's accessible name        "Incidents over time"
//   timelineHelp      its description (screen readers)   "Drag across the bars to choose the
//                     dates. Keys: left and right arrows move the start, with Shift the end;
//                     Home and End widen; Enter applies; Escape cancels."
//   timelineSummary   {total} {first} {last} {bin}       "Incidents: {total}, {first} – {last}, one bar per {bin}."
//   timelineSelected  {from} {to}                        "Selected: {from} – {to}."
//   timelineRange     {from} {to}, while choosing        "{from} – {to}"
//   timelineAllDates  the reset button, and the value
//                     when no range is set               "All dates"
//   timelineApply     applies a range chosen by keys     "Apply dates"
//   timelineCancel    drops it                           "Cancel"
//   timelineBar       a bar's tooltip: {period} {count}  "{period}: {count}"
//   timelinePeak      the scale: {count} of the highest  "max {count}"
//   timelineDay, timelineWeek, timelineMonth: {bin}      "day", "week", "month"
//   timelineEmpty     when there is nothing to draw      "No incidents to draw on the timeline."

export const TIMELINE_STRINGS = [
  "timelineLabel",
  "timelineHelp",
  "timelineSummary",
  "timelineSelected",
  "timelineRange",
  "timelineAllDates",
  "timelineApply",
  "timelineCancel",
  "timelineBar",
  "timelinePeak",
  "timelineDay",
  "timelineWeek",
  "timelineMonth",
  "timelineEmpty",
];

const SVG = "http://www.w3.org/2000/svg";
const DAY_MS = 86400000;
// A bar narrower than this (with its gap) is hard to see and to aim at: use the next bin.
const MIN_SLOT_PX = 8;
const AXIS_PX = 18;
const TOP_PX = 14;
const BIN_STRINGS = { day: "timelineDay", week: "timelineWeek", month: "timelineMonth" };

// What each container shows now, so a re-render (new data, a resize) replaces it cleanly.
const drawn = new WeakMap();

// Calendar days are whole numbers (days since 1970-01-01) and formatted in UTC, so no time
// zone or daylight saving change can move a bar to the neighbouring day.
function dayNumber(text, what) {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new TypeError(`renderTimeline: ${what} must be a date as YYYY-MM-DD, not ${JSON.stringify(text)}`);
  }
  return ms / DAY_MS;
}

const dayText = (n) => new Date(n * DAY_MS).toISOString().slice(0, 10);
// 1970-01-01 was a Thursday; weeks start on Monday (ISO 8601), as in Ukraine.
const weekStart = (n) => n - ((((n + 3) % 7) + 7) % 7);
function monthStart(n, add = 0) {
  const date = new Date(n * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + add, 1) / DAY_MS;
}
const yearStart = (n, add = 0) => Date.UTC(new Date(n * DAY_MS).getUTCFullYear() + add, 0, 1) / DAY_MS;

const binStart = { day: (n) => n, week: weekStart, month: (n) => monthStart(n) };
const binNext = { day: (n) => n + 1, week: (n) => n + 7, month: (n) => monthStart(n, 1) };

function makeBins(unit, first, last) {
  const bins = [];
  for (let start = binStart[unit](first); start <= last; start = binNext[unit](start)) {
    bins.push({ start, end: binNext[unit](start) - 1, count: 0 });
  }
  return bins;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

function checkInput(days, options) {
  if (!Array.isArray(days)) throw new TypeError("renderTimeline: days must be an array of {date, count}");
  const strings = options.strings || {};
  const missing = TIMELINE_STRINGS.filter((key) => typeof strings[key] !== "string");
  if (missing.length) throw new TypeError(`renderTimeline: strings lacks ${missing.join(", ")}`);
  if (typeof options.onRange !== "function") throw new TypeError("renderTimeline: onRange must be a function");
  const parsed = days.map((day, i) => {
    if (!Number.isInteger(day?.count) || day.count < 0) {
      throw new TypeError(`renderTimeline: days[${i}].count must be a whole number ≥ 0, not ${day?.count}`);
    }
    return { day: dayNumber(day.date, `days[${i}].date`), count: day.count };
  });
  parsed.sort((a, b) => a.day - b.day);
  const from = options.from ? dayNumber(options.from, "from") : null;
  const to = options.to ? dayNumber(options.to, "to") : null;
  if (from !== null && to !== null && from > to) {
    throw new TypeError(`renderTimeline: from (${options.from}) is after to (${options.to})`);
  }
  return { parsed, from, to };
}

function el(name, attributes = {}, text = null) {
  const node = name.startsWith("svg:") ? document.createElementNS(SVG, name.slice(4)) : document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== null) node.textContent = text;
  return node;
}

let uid = 0;

export function renderTimeline(container, days, options) {
  const { parsed, from, to } = checkInput(days, options);
  const { strings, onRange } = options;
  const locale = options.locale || undefined;
  const formats = {
    full: new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }),
    dayMonth: new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }),
    month: new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" }),
    monthYear: new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }),
    longMonth: new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }),
    year: new Intl.DateTimeFormat(locale, { year: "numeric", timeZone: "UTC" }),
  };
  const number = new Intl.NumberFormat(locale);
  const format = (name, n) => formats[name].format(new Date(n * DAY_MS));
  const rangeText = (a, b) => fill(strings.timelineRange, { from: format("full", a), to: format("full", b) });

  // Keep keyboard users where they were when new data redraws the timeline.
  const focusedRole = container.contains(document.activeElement) ? document.activeElement.dataset.role : null;
  drawn.get(container)?.observer?.disconnect();
  container.replaceChildren();
  container.dataset.days = String(parsed.filter((d) => d.count > 0).length);
  const id = `timeline-${++uid}`;

  const root = el("div", { class: "timeline" });
  const bar = el("div", { class: "timeline-toolbar" });
  const summary = el("p", { class: "timeline-summary", id: `${id}-summary`, "aria-live": "polite" });
  const reset = el(
    "button",
    { type: "button", class: "timeline-reset", "data-role": "reset" },
    strings.timelineAllDates,
  );
  const apply = el("button", { type: "button", class: "timeline-apply", "data-role": "apply" }, strings.timelineApply);
  const cancel = el(
    "button",
    { type: "button", class: "timeline-cancel", "data-role": "cancel" },
    strings.timelineCancel,
  );
  apply.hidden = true;
  cancel.hidden = true;
  reset.disabled = from === null && to === null;
  reset.addEventListener("click", () => onRange(null, null));
  const actions = el("span", { class: "timeline-actions" });
  actions.append(apply, cancel, reset);
  bar.append(summary, actions);
  root.append(bar);
  container.append(root);

  if (!parsed.length) {
    delete container.dataset.bin;
    summary.textContent = strings.timelineEmpty;
    drawn.set(container, {});
    return;
  }

  const chart = el("div", {
    class: "timeline-chart",
    tabindex: "0",
    role: "slider",
    "aria-label": strings.timelineLabel,
    "aria-describedby": `${id}-help ${id}-summary`,
    "aria-orientation": "horizontal",
    "data-role": "chart",
  });
  const help = el("p", { class: "timeline-help", id: `${id}-help` }, strings.timelineHelp);
  const dragLabel = el("div", { class: "timeline-drag", "aria-hidden": "true" });
  dragLabel.hidden = true;
  const svg = el("svg:svg", { "aria-hidden": "true", focusable: "false" });
  chart.append(svg, dragLabel);
  root.append(chart, help);

  const width = Math.max(120, chart.clientWidth || 600);
  const height = Math.max(48, chart.clientHeight || 72);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);

  const first = parsed[0].day;
  const last = parsed[parsed.length - 1].day;
  const unit = ["day", "week"].find((u) => width / makeBins(u, first, last).length >= MIN_SLOT_PX) || "month";
  const bins = makeBins(unit, first, last);
  let b = 0;
  for (const { day, count } of parsed) {
    while (bins[b].end < day) b++;
    bins[b].count += count;
  }
  container.dataset.bin = unit;
  const total = parsed.reduce((sum, d) => sum + d.count, 0);
  const max = Math.max(1, ...bins.map((x) => x.count));

  const domainStart = bins[0].start;
  const domainDays = bins[bins.length - 1].end + 1 - domainStart;
  const x = (n) => ((n - domainStart) / domainDays) * width;
  const plotTop = TOP_PX;
  const plotBottom = height - AXIS_PX;
  const slot = width / bins.length;
  const gap = Math.min(2, slot * 0.2);

  // Axis first, under the bars: the finest tick step whose labels do not overlap.
  const axis = el("svg:g", { class: "timeline-axis" });
  svg.append(axis);
  const probe = el("svg:text", { class: "timeline-tick-label" });
  axis.append(probe);
  const measure = (text) => {
    probe.textContent = text;
    return probe.getComputedTextLength?.() || text.length * 7;
  };
  const tickSteps = [
    { fits: unit === "day", step: (n) => n + 1, start: (n) => n, label: "dayMonth" },
    { fits: unit === "day", step: (n) => n + 2, start: (n) => n, label: "dayMonth" },
    { fits: unit !== "month", step: (n) => n + 7, start: (n) => weekStart(n + 6), label: "dayMonth" },
    { fits: unit !== "month", step: (n) => n + 14, start: (n) => weekStart(n + 6), label: "dayMonth" },
    { fits: true, step: (n) => monthStart(n, 1), start: (n) => monthStart(n - 1, 1), label: "month" },
    { fits: true, step: (n) => monthStart(n, 3), start: (n) => quarterStart(n), label: "month" },
    { fits: true, step: (n) => monthStart(n, 6), start: (n) => halfStart(n), label: "month" },
    { fits: true, step: (n) => yearStart(n, 1), start: (n) => yearStart(n - 1, 1), label: "year" },
    { fits: true, step: (n) => yearStart(n, 2), start: (n) => yearStart(n - 1, 1), label: "year" },
    { fits: true, step: (n) => yearStart(n, 5), start: (n) => yearStart(n - 1, 1), label: "year" },
    { fits: true, step: (n) => yearStart(n, 10), start: (n) => yearStart(n - 1, 1), label: "year" },
  ];
  const domainEnd = domainStart + domainDays;
  const labelFor = (tick, n, index) => {
    if (tick.label !== "month") return format(tick.label, n);
    // A month's year is said where it starts and at each January.
    return index === 0 || new Date(n * DAY_MS).getUTCMonth() === 0 ? format("monthYear", n) : format("month", n);
  };
  let ticks = [];
  for (const tick of tickSteps.filter((t) => t.fits)) {
    const positions = [];
    for (let n = tick.start(domainStart); n < domainEnd; n = tick.step(n)) positions.push(n);
    if (!positions.length) continue;
    const labels = positions.map((n, i) => labelFor(tick, n, i));
    const widest = Math.max(...labels.map(measure));
    const spacing = Math.min(...positions.slice(1).map((n, i) => x(n) - x(positions[i])), width);
    ticks = positions.map((n, i) => ({ n, label: labels[i] }));
    if (spacing >= widest + 10) break;
  }
  probe.remove();
  for (const { n, label } of ticks) {
    const at = x(n);
    axis.append(el("svg:line", { class: "timeline-grid", x1: at, x2: at, y1: plotTop, y2: plotBottom + 4 }));
    if (at + measure(label) + 3 <= width) {
      axis.append(el("svg:text", { class: "timeline-tick-label", x: at + 3, y: height - 4 }, label));
    }
  }
  axis.append(el("svg:line", { class: "timeline-baseline", x1: 0, x2: width, y1: plotBottom, y2: plotBottom }));
  axis.append(
    el("svg:text", { class: "timeline-peak", x: 3, y: 11 }, fill(strings.timelinePeak, { count: number.format(max) })),
  );

  const periodText = (bin) => {
    if (unit === "day") return format("full", bin.start);
    if (unit === "month") return format("longMonth", bin.start);
    return rangeText(bin.start, bin.end);
  };
  const bars = el("svg:g", { class: "timeline-bars" });
  const barNodes = bins.map((bin) => {
    const barHeight = bin.count ? Math.max(1, (bin.count / max) * (plotBottom - plotTop)) : 0;
    const rect = el("svg:rect", {
      class: "timeline-bar",
      x: x(bin.start) + gap / 2,
      y: plotBottom - barHeight,
      width: Math.max(1, x(bin.end + 1) - x(bin.start) - gap),
      height: barHeight,
      "data-start": dayText(bin.start),
      "data-count": bin.count,
    });
    rect.append(
      el("svg:title", {}, fill(strings.timelineBar, { period: periodText(bin), count: number.format(bin.count) })),
    );
    bars.append(rect);
    return rect;
  });
  const band = el("svg:rect", { class: "timeline-selection", y: 0, height: plotBottom, x: 0, width: 0 });
  svg.append(band, bars);

  const binIndexOf = (n) => {
    const i = bins.findIndex((bin) => bin.end >= n);
    return i === -1 ? bins.length - 1 : i;
  };
  // The range as drawn: the applied one, then the one being chosen by pointer or keys.
  let applied = from === null && to === null ? null : { start: from ?? first, end: to ?? last };
  let pending = null; // {a, b}: bar indices
  let keyboard = false;

  function show() {
    const range = pending ? { start: bins[pending.a].start, end: bins[pending.b].end } : applied;
    const shownStart = range ? Math.max(range.start, domainStart) : domainStart;
    const shownEnd = range ? Math.min(range.end, domainEnd - 1) : domainEnd - 1;
    const visible = range && shownEnd >= shownStart;
    band.setAttribute("x", visible ? x(shownStart) : 0);
    band.setAttribute("width", visible ? x(shownEnd + 1) - x(shownStart) : 0);
    band.classList.toggle("timeline-pending", pending !== null);
    for (const [i, rect] of barNodes.entries()) {
      const outside = range && (bins[i].end < range.start || bins[i].start > range.end);
      rect.classList.toggle("timeline-bar-out", Boolean(outside));
    }
    const text = range ? rangeText(range.start, range.end) : strings.timelineAllDates;
    const now = range ? binIndexOf(Math.max(range.start, domainStart)) : 0;
    chart.setAttribute("aria-valuemin", "0");
    chart.setAttribute("aria-valuemax", String(bins.length - 1));
    chart.setAttribute("aria-valuenow", String(now));
    chart.setAttribute("aria-valuetext", text);
    summary.textContent = [
      fill(strings.timelineSummary, {
        total: number.format(total),
        first: format("full", first),
        last: format("full", last),
        bin: strings[BIN_STRINGS[unit]],
      }),
      applied
        ? fill(strings.timelineSelected, { from: format("full", applied.start), to: format("full", applied.end) })
        : "",
    ]
      .filter(Boolean)
      .join(" ");
    apply.hidden = !(pending && keyboard);
    cancel.hidden = apply.hidden;
    dragLabel.hidden = !pending;
    if (pending) {
      dragLabel.textContent = text;
      const middle = (x(shownStart) + x(shownEnd + 1)) / 2;
      const half = dragLabel.offsetWidth / 2;
      dragLabel.style.left = `${Math.min(Math.max(middle - half, 0), Math.max(0, width - 2 * half))}px`;
    }
  }

  function commit() {
    if (!pending) return;
    const range = { start: bins[pending.a].start, end: bins[pending.b].end };
    pending = null;
    keyboard = false;
    applied = range;
    show();
    onRange(dayText(range.start), dayText(range.end));
  }

  function drop() {
    pending = null;
    keyboard = false;
    show();
  }

  const binAt = (clientX) => {
    const box = svg.getBoundingClientRect();
    const n = domainStart + ((clientX - box.left) / box.width) * domainDays;
    return Math.min(bins.length - 1, Math.max(0, binIndexOf(Math.floor(n))));
  };
  let anchor = null;
  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    event.preventDefault(); // no text selection; the keys work on after a drag
    chart.focus({ preventScroll: true, focusVisible: false });
    anchor = binAt(event.clientX);
    keyboard = false;
    pending = { a: anchor, b: anchor };
    svg.setPointerCapture(event.pointerId);
    show();
  });
  svg.addEventListener("pointermove", (event) => {
    if (anchor === null) return;
    const here = binAt(event.clientX);
    pending = { a: Math.min(anchor, here), b: Math.max(anchor, here) };
    show();
  });
  svg.addEventListener("pointerup", () => {
    if (anchor === null) return;
    anchor = null;
    commit();
  });
  svg.addEventListener("pointercancel", () => {
    anchor = null;
    drop();
  });

  chart.addEventListener("keydown", (event) => {
    const start = () => {
      if (pending) return pending;
      if (!applied) return { a: 0, b: bins.length - 1 };
      const a = binIndexOf(Math.max(applied.start, domainStart));
      return { a, b: Math.max(a, binIndexOf(Math.min(applied.end, domainEnd - 1))) };
    };
    const next = { ...start() };
    const step = event.key === "ArrowLeft" ? -1 : 1;
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      if (event.shiftKey) next.b = Math.min(bins.length - 1, Math.max(next.a, next.b + step));
      else next.a = Math.min(next.b, Math.max(0, next.a + step));
    } else if (event.key === "Home") next.a = 0;
    else if (event.key === "End") next.b = bins.length - 1;
    else if (event.key === "Enter") {
      if (!pending) return;
      event.preventDefault();
      commit();
      return;
    } else if (event.key === "Escape") {
      if (!pending) return;
      event.preventDefault();
      anchor = null;
      drop();
      return;
    } else return;
    event.preventDefault();
    pending = next;
    keyboard = true;
    show();
  });
  // Back to the chart first: the buttons hide, and a redraw keeps the focus where it is.
  apply.addEventListener("click", () => {
    chart.focus();
    commit();
  });
  cancel.addEventListener("click", () => {
    chart.focus();
    drop();
  });

  show();
  if (focusedRole) root.querySelector(`[data-role="${focusedRole}"]:not([hidden])`)?.focus();
  if (focusedRole && !container.contains(document.activeElement)) chart.focus();

  // Redraw for the new width when the panel or the window changes size.
  const observer = new ResizeObserver(() => {
    if (anchor === null && Math.abs(Math.max(120, chart.clientWidth) - width) > 1) {
      renderTimeline(container, days, options);
    }
  });
  observer.observe(chart);
  drawn.set(container, { observer });
}

function quarterStart(n) {
  const date = new Date((n - 1) * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), Math.floor(date.getUTCMonth() / 3) * 3 + 3, 1) / DAY_MS;
}

function halfStart(n) {
  const date = new Date((n - 1) * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), Math.floor(date.getUTCMonth() / 6) * 6 + 6, 1) / DAY_MS;
}
