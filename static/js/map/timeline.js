// Placeholder until the timeline module of branch ws-timeline is merged: the former
// drawTimeline behind the contract's renderTimeline(container, days, options).
// Replaced whole by that branch's file.

export function renderTimeline(container, days, { onRange } = {}) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  container.replaceChildren(svg);
  container.dataset.days = String(days.length);
  container.dataset.bin = "day";
  if (!days.length) return;
  const width = container.clientWidth || 600;
  const height = container.clientHeight || 90;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const first = new Date(`${days[0].date}T00:00:00Z`);
  const last = new Date(`${days[days.length - 1].date}T00:00:00Z`);
  const span = Math.round((last - first) / 86400000) + 1;
  const barWidth = width / span;
  const max = Math.max(...days.map((d) => d.count));
  for (const day of days) {
    const index = Math.round((new Date(`${day.date}T00:00:00Z`) - first) / 86400000);
    const barHeight = Math.max(1, (day.count / max) * (height - 14));
    const rect = document.createElementNS(ns, "rect");
    rect.setAttribute("class", "bar");
    rect.setAttribute("x", index * barWidth);
    rect.setAttribute("y", height - barHeight);
    rect.setAttribute("width", Math.max(1, barWidth - 1));
    rect.setAttribute("height", barHeight);
    const title = document.createElementNS(ns, "title");
    title.textContent = `${day.date}: ${day.count}`;
    rect.append(title);
    svg.append(rect);
  }
  const selection = document.createElementNS(ns, "rect");
  selection.setAttribute("class", "selection");
  selection.setAttribute("y", 0);
  selection.setAttribute("height", height);
  selection.setAttribute("width", 0);
  svg.append(selection);
  const dayAt = (clientX) => {
    const box = svg.getBoundingClientRect();
    const index = Math.min(span - 1, Math.max(0, Math.floor(((clientX - box.left) / box.width) * span)));
    return new Date(first.getTime() + index * 86400000).toISOString().slice(0, 10);
  };
  let start = null;
  svg.addEventListener("pointerdown", (event) => {
    start = event.clientX;
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", (event) => {
    if (start === null) return;
    const box = svg.getBoundingClientRect();
    const scale = width / box.width;
    const a = (Math.min(start, event.clientX) - box.left) * scale;
    const b = (Math.max(start, event.clientX) - box.left) * scale;
    selection.setAttribute("x", a);
    selection.setAttribute("width", b - a);
  });
  svg.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const [from, to] = [dayAt(Math.min(start, event.clientX)), dayAt(Math.max(start, event.clientX))];
    start = null;
    onRange?.(from, to);
  });
}
