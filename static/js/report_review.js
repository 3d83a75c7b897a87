// The review page (templates/incidents/report_review.html): a proposal's card and its
// evidence in the report light up together. Pointing at or focusing a card marks its
// evidence and scrolls the report to the first mark; pointing at or focusing a mark
// lights its card (or cards: evidence may belong to several proposals).

const ACTIVE = "active";

function numbersOf(mark) {
  return (mark.dataset.proposals || "").split(",").filter(Boolean);
}

function setUp(root) {
  const text = root.querySelector("#report-text");
  const cards = [...root.querySelectorAll("fieldset.proposal[data-proposal]")];
  const marks = [...root.querySelectorAll("#report-text mark[data-proposals]")];
  let shown = "";

  function show(numbers, { scroll = false } = {}) {
    const key = numbers.join(",");
    if (key === shown) return;
    shown = key;
    for (const card of cards) card.classList.toggle(ACTIVE, numbers.includes(card.dataset.proposal));
    const lit = marks.filter((mark) => numbersOf(mark).some((n) => numbers.includes(n)));
    for (const mark of marks) mark.classList.toggle(ACTIVE, lit.includes(mark));
    // Scroll the report's own box, not the window: on a phone the text is above the
    // cards, and jumping the page away from the card in hand would lose it.
    if (scroll && lit.length && text.scrollHeight > text.clientHeight) {
      const box = text.getBoundingClientRect();
      const first = lit[0].getBoundingClientRect();
      if (first.top < box.top || first.bottom > box.bottom) {
        text.scrollTop += first.top - box.top - text.clientHeight / 3;
      }
    }
  }

  // What stays lit when the pointer leaves: whatever has the keyboard focus.
  function fromFocus() {
    const focused = document.activeElement;
    const card = focused?.closest?.("fieldset.proposal[data-proposal]");
    if (card) return show([card.dataset.proposal]);
    const mark = focused?.closest?.("#report-text mark[data-proposals]");
    show(mark ? numbersOf(mark) : []);
  }

  for (const card of cards) {
    const number = [card.dataset.proposal];
    card.addEventListener("mouseenter", () => show(number, { scroll: true }));
    card.addEventListener("mouseleave", fromFocus);
    card.addEventListener("focusin", () => show(number, { scroll: true }));
  }
  for (const mark of marks) {
    mark.addEventListener("mouseenter", () => show(numbersOf(mark)));
    mark.addEventListener("mouseleave", fromFocus);
    mark.addEventListener("focusin", () => show(numbersOf(mark)));
  }
  // Focus leaving for somewhere else entirely (the next field is a focusin of its own).
  root.addEventListener("focusout", (event) => {
    if (!event.relatedTarget) show([]);
  });
  // Enter on a mark takes the analyst to its (first) card.
  text.addEventListener("keydown", (event) => {
    const mark = event.target.closest("mark[data-proposals]");
    if (!mark || event.key !== "Enter") return;
    const card = root.querySelector(`#proposal-${numbersOf(mark)[0]}`);
    if (card) {
      event.preventDefault();
      card.scrollIntoView({ block: "nearest" });
      card.querySelector("input, select, textarea")?.focus();
    }
  });
  // Each figure's input is described by the sentence it came from.
  for (const source of root.querySelectorAll(".figure-source[id$='-source']")) {
    const input = document.getElementById(source.id.replace(/-source$/, ""));
    input?.setAttribute("aria-describedby", source.id);
  }
  // A list box shows six of its eleven labels; what is chosen may be scrolled away.
  for (const select of root.querySelectorAll("fieldset.proposal select[multiple]")) {
    const chosen = document.createElement("p");
    chosen.className = "chosen";
    // The list box itself tells a screen reader what is chosen.
    chosen.setAttribute("aria-hidden", "true");
    const update = () => {
      chosen.textContent = [...select.selectedOptions].map((option) => option.label).join(", ") || "—";
    };
    select.addEventListener("change", update);
    select.after(chosen);
    update();
  }
  root.dataset.ready = "true";
}

const root = document.querySelector("main.review");
if (root) setUp(root);
