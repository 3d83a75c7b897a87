// The filter form and the URL's query. The form shows the query and writes new
// filters into it; the feeds always read the URL itself (state.js).

import { el } from "../lib/dom.js";
import { currentParams } from "./state.js";

// Never set by the form; kept from the URL when the form is applied.
const KEPT = ["sort", "bbox"];

export function formParams(form) {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) {
    if (value) params.append(key, value);
  }
  const current = currentParams();
  for (const name of KEPT) {
    for (const value of current.getAll(name)) params.append(name, value);
  }
  return params;
}

export function setFormFromUrl(form) {
  const params = currentParams();
  for (const field of form.elements) {
    if (!field.name) continue;
    const values = params.getAll(field.name);
    if (field.tagName === "SELECT" && field.multiple) {
      for (const option of field.options) option.selected = values.includes(option.value);
    } else if (field.tagName === "SELECT") {
      // A value the select does not hold leaves it on "any"; the feeds still send it.
      field.value = values[0] || "";
      if (field.value !== (values[0] || "")) field.value = "";
    } else if (field.type !== "submit" && field.type !== "button") {
      field.value = values[0] || "";
    }
  }
}

// Every refused parameter at once, as the API names them in its 400.
export function showErrors(form, error, strings) {
  clearErrors(form);
  const node = el("ul", null, { id: "filter-errors", class: "error", role: "alert" });
  const parameters = error.parameters || {};
  const names = Object.keys(parameters);
  if (names.length) {
    for (const name of names) {
      node.append(el("li", `${name}: ${parameters[name].join("; ")}`, { "data-parameter": name }));
      const field = form.elements.namedItem(name);
      if (field?.setAttribute) field.setAttribute("aria-invalid", "true");
    }
  } else {
    node.append(el("li", error.message || strings.loadFailed));
  }
  // At the top, where it is seen before the fields it names.
  form.prepend(node);
}

// A failure that is not the filters' (the server, the network, a session that has
// ended): what is drawn stays, and the reader is told what to do.
export function showFailure(form, error, strings, { onRetry, signInUrl }) {
  clearErrors(form);
  const node = el("div", null, { id: "filter-errors", class: "error", role: "alert" });
  if (error.status === 401 || error.status === 403) {
    const next = `${window.location.pathname}${window.location.search}${window.location.hash}`;
    node.append(
      el("p", strings.signedOut),
      el("a", strings.signIn, { href: `${signInUrl}?next=${encodeURIComponent(next)}`, id: "sign-in-again" }),
    );
  } else {
    node.append(el("p", `${strings.loadFailed} ${error.message || ""}`.trim()));
    const retry = el("button", strings.retry, { type: "button", id: "retry-load" });
    retry.addEventListener("click", onRetry);
    node.append(retry);
  }
  form.prepend(node);
}

// Whether a failure is the filters' own: a 400 that names parameters.
export function isFilterError(error) {
  return error.status === 400 && Object.keys(error.parameters || {}).length > 0;
}

export function clearErrors(form) {
  document.getElementById("filter-errors")?.remove();
  for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
}
