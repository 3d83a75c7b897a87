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

// "{count} of {total}" with named values: the translated templates come from the
// server (the page's JSON config) and keep their own word order.
export function fmt(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

export function readJSONScript(id) {
  return JSON.parse(document.getElementById(id).textContent);
}
