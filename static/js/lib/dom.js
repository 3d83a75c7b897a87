// DOM helpers shared by the page scripts. Text from reports only ever enters the page
// through textContent, never as markup: el() is the one way nodes are made.

export function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value);
  }
  return node;
}

// Numbers as the page's language writes them ("12 345" in Ukrainian, "12,345" in
// English), as the timeline does: <html lang> is the UI's language.
let numbers = null;
export function number(value) {
  numbers ??= new Intl.NumberFormat(document.documentElement.lang || undefined);
  return numbers.format(value);
}

// "{count} of {total}" with named values: the translated templates come from the
// server (the page's JSON config) and keep their own word order; numbers are
// written as the page's language writes them.
export function fmt(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in values)) return whole;
    const value = values[name];
    return typeof value === "number" ? number(value) : String(value);
  });
}

export function readJSONScript(id) {
  return JSON.parse(document.getElementById(id).textContent);
}
